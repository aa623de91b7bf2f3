// Package opinionmap computes the opinion map of a 공론장 with the math of
// Polis (compdemocracy.org, its math/src/polismath/math): from who voted
// what on which statement, the two principal components of the votes, each
// participant's place on the map, the opinion groups, what each group
// believes (representative statements), what the groups share (consensus),
// and where people are unsure.
//
// The computation needs no database and no clock. It is deterministic: the
// same Input and the same State give the same Map. Polis carries state from
// one run to the next (the last components, clusters and group count); here
// that state is an explicit value: Compute takes the State of the last run
// and returns the next one, and the caller stores it with the map.
//
// How it follows Polis, step by step:
//
//   - Vote matrix: participants × statements, agree +1, disagree −1, pass 0.
//     Removed and meta statements are out of the math (Polis zeroes their
//     columns; here they are dropped, so they neither move nor scale anyone),
//     and so are statements nobody voted on (Polis has no column for them).
//   - Missing votes are filled with the statement's mean vote, and the
//     matrix is centred on the same means, so a missing vote is exactly 0 in
//     the centred matrix: the components are computed from the sparse votes.
//   - Two principal components by power iteration, warm-started from the
//     last run's components (a seeded random vector the first time). Both
//     are iterated together, kept orthogonal (Gram–Schmidt) and turned
//     within their plane to the best eigenvector estimates (Rayleigh–Ritz):
//     the same limit as Polis' one-after-the-other deflation, reached in
//     about a dozen steps where two opinion axes are about as strong.
//   - Sparsity-aware projection: a participant's coordinates are the centred
//     votes they cast times the components, scaled by √(statements / their
//     votes), so a participant with few votes is not pulled to the middle.
//   - Placed participants: those with at least min(7, statements) votes, and
//     while fewer than 15 are placed, the most active of the rest; once
//     placed, a participant stays placed (State.Placed). Only votes in the
//     math count here (Polis counts votes on removed and meta statements too,
//     which places participants who answered only meta questions, at the
//     centre of the map).
//   - Base clusters: Polis' k-means with k = 100 on the placed participants,
//     started from the last run's clusters (recentred on their members'
//     new places, split at the most distant point while fewer than k), or
//     the first time from the first 100 distinct places in participant-id
//     order. Steps stop when no centre moves by 0.01 or more.
//   - Groups: weighted k-means on the base cluster centres (weights = their
//     members) for k = 2 … min(5, 2 + base clusters/12), each started from
//     the last run's clustering for the same k; k is chosen by the mean
//     silhouette of the base clusters, and the chosen k changes only after a
//     new k has won 4 runs in a row.
//   - Representative statements, consensus and uncertainty as documented on
//     Representative, Consensus and Uncertain.
package opinionmap
