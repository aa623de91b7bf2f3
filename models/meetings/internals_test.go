package meetings

import "ydp1/models"

// Internals the package's tests reach.

const CodeAlphabet = codeAlphabet

// Apply checks the meeting form and fills m as CreateMeeting does.
func (in Input) Apply(m *Meeting) models.Errors { return in.apply(m) }
