package app

import (
	"time"

	"github.com/labstack/echo/v4"
)

// routes is the whole URL map of the site. A page the cache may keep is
// registered with its policy (cachedGET, pagecache.go); every other route
// is rendered for each request.
func (a *App) routes(e *echo.Echo) {
	// home, health and assets
	a.cachedGET(e, "/", a.home, sharedContent)
	e.GET("/healthz", a.healthz)
	e.GET("/language/:code", a.switchLang) // the header's language switch
	e.GET("/static/:hash/*", a.assets.serve)

	// accounts
	e.GET("/signup", a.signupForm)
	e.POST("/signup", a.signup, a.limit(5, 2*time.Minute))
	e.GET("/verify", a.verifyForm)
	e.POST("/verify", a.verify)
	e.POST("/verify/resend", a.resendVerification, requireUser)
	e.GET("/login", a.loginForm)
	e.POST("/login", a.login, a.limit(20, 30*time.Second))
	e.POST("/logout", a.logout)
	e.GET("/password/forgot", a.forgotForm)
	e.POST("/password/forgot", a.forgot, a.limit(5, 2*time.Minute))
	e.GET("/password/reset", a.resetForm)
	e.POST("/password/reset", a.reset)
	e.GET("/me", a.me, requireUser)
	e.POST("/me/password", a.changePassword, requireUser, a.limit(20, 30*time.Second))
	e.POST("/me/logout-others", a.logOutElsewhere, requireUser, a.limit(20, 30*time.Second))
	e.POST("/me/notifications", a.saveNotifications, requireUser)
	e.GET("/me/data.json", a.myData, requireUser)
	e.GET("/me/delete", a.deleteAccountForm, requireUser)
	e.POST("/me/delete", a.deleteAccount, requireUser)
	e.GET("/unsubscribe/:token", a.unsubscribeForm)
	e.POST("/unsubscribe/:token", a.unsubscribe)

	// 영등포신문고
	a.cachedGET(e, "/petitions", a.listPetitions, sharedContent)
	e.GET("/petitions/new", a.newPetition, requireUser)
	e.POST("/petitions/preview", a.previewPetition, requireUser, a.limit(20, time.Minute))
	e.POST("/petitions", a.createPetition, requireUser, a.limit(5, 10*time.Minute)) // files what the preview showed
	a.cachedGET(e, "/petitions/:id", a.showPetition, sharedButStaff)                // the 공감 box is a slot; non-public petitions are Personal
	a.laggingPOST(e, "/petitions/:id/support", a.supportPetition, requireUser, a.limit(30, 2*time.Second))
	e.GET("/petitions/:id/report", a.reportForm, requireUser) // ?comment= reports a 공감 한마디
	e.POST("/petitions/:id/report", a.createReport, requireUser)

	// 타운홀미팅 and 찾아가는 영등포1번가
	a.cachedGET(e, "/meetings", a.listMeetings, sharedContent)
	e.GET("/meetings.ics", a.meetingsCalendar)
	a.cachedGET(e, "/meetings/:id", a.showMeeting, forAnonymous) // also /meetings/:id.ics
	e.POST("/meetings/:id/book", a.bookMeeting, requireUser, a.limit(10, 10*time.Second))
	e.POST("/meetings/:id/cancel", a.cancelBooking, requireUser)
	e.POST("/meetings/:id/opinions", a.leaveOpinion, requireUser)
	e.GET("/me/bookings/:id/qr.png", a.bookingQR, requireUser)

	// 열린공론장
	a.cachedGET(e, "/deliberations", a.listDeliberations, sharedContent)
	a.cachedGET(e, "/deliberations/:id", a.showDeliberation, forAnonymous)                                  // a logged-in visitor's page holds their votes
	a.cachedGET(e, "/deliberations/:id/results", a.deliberationResultsPage, forAnonymous)                   // the map marks a logged-in visitor's place
	a.laggingPOST(e, "/deliberations/:id/votes", a.voteDeliberation, requireUser, a.limit(60, time.Second)) // counts may lag like 공감
	e.POST("/deliberations/:id/statements", a.writeDeliberationStatement, requireUser, a.limit(5, time.Minute))
	e.GET("/deliberations/:id/statements/:statement/report", a.reportStatementForm, requireUser)
	e.POST("/deliberations/:id/statements/:statement/report", a.reportStatement, requireUser)

	// staff desk
	admin := e.Group("/admin", requireStaff)
	admin.GET("", a.adminHome)
	admin.POST("/petitions/:id/publish", a.publishPetition)
	admin.POST("/petitions/:id/hide", a.hidePetition)
	admin.POST("/petitions/:id/restore", a.restorePetition)
	admin.POST("/petitions/:id/answer", a.answerPetition)
	admin.POST("/petitions/:id/answer/translations/:lang", a.saveAnswerTranslation)
	admin.POST("/petitions/:id/progress", a.addProgress)
	admin.POST("/petitions/:id/dept-answer", a.deptAnswer)
	admin.GET("/audit", a.auditLog)
	admin.GET("/mails", a.listMails)
	admin.GET("/mails/:id", a.showMail)
	admin.POST("/mails/:id/resend", a.resendMail)
	admin.GET("/settings", a.settingsForm, requireAdmin)
	admin.POST("/settings", a.saveSettings, requireAdmin)

	// staff desk: reports, people, exports
	admin.GET("/reports", a.reportQueue)
	admin.POST("/reports/:type/:id/dismiss", a.dismissReports)
	admin.POST("/reports/:type/:id/uphold", a.upholdReports)
	admin.GET("/users", a.listUsers)
	admin.GET("/users/new", a.newStaff, requireAdmin)
	admin.POST("/users", a.createStaff, requireAdmin)
	admin.GET("/users/:id", a.showUser)
	admin.POST("/users/:id/role", a.changeRole, requireAdmin)
	admin.POST("/users/:id/deactivate", a.deactivateUser, requireAdmin)
	admin.POST("/users/:id/reactivate", a.reactivateUser, requireAdmin)
	admin.GET("/exports/petitions.csv", a.exportPetitions)
	admin.GET("/exports/petitions/:id/dongs.csv", a.exportDongs)

	// meetings on the desk
	admin.GET("/meetings", a.deskMeetings)
	admin.GET("/meetings/new", a.deskNewMeeting)
	admin.POST("/meetings", a.deskCreateMeeting)
	admin.GET("/meetings/:id/edit", a.deskEditMeeting)
	admin.POST("/meetings/:id", a.deskUpdateMeeting)
	admin.POST("/meetings/:id/publish", a.deskPublishMeeting)
	admin.POST("/meetings/:id/cancel", a.deskCancelMeeting)
	admin.GET("/meetings/:id/bookings", a.deskBookings)
	admin.GET("/meetings/:id/bookings.csv", a.deskBookingsCSV)
	admin.GET("/meetings/:id/checkin", a.deskCheckInForm) // the QR code on a booking opens this with ?code=
	admin.POST("/meetings/:id/checkin", a.deskCheckIn)
	admin.GET("/meetings/:id/results", a.deskResultsForm)
	admin.POST("/meetings/:id/results", a.deskPublishResults)

	// 열린공론장 on the desk
	admin.GET("/deliberations", a.deskDeliberations)
	admin.GET("/deliberations/new", a.deskNewDeliberation)
	admin.POST("/deliberations", a.deskOpenDeliberation)
	admin.GET("/deliberations/:id", a.deskShowDeliberation)
	admin.GET("/deliberations/:id/edit", a.deskEditDeliberation)
	admin.POST("/deliberations/:id", a.deskUpdateDeliberation)
	admin.POST("/deliberations/:id/close", a.deskCloseDeliberation)
	admin.POST("/deliberations/:id/result", a.deskPublishDeliberationResult)
	admin.GET("/deliberations/:id/export.zip", a.deskExportDeliberation) // Polis' openData files
	admin.POST("/deliberations/:id/statements/:statement/approve", a.deskApproveStatement)
	admin.POST("/deliberations/:id/statements/:statement/remove", a.deskRemoveStatement)
	admin.POST("/deliberations/:id/statements/:statement/meta", a.deskMarkMeta)
	admin.POST("/deliberations/:id/statements/:statement/dismiss", a.deskDismissReports)

	// public read API: its contract, for programs and for people, then its endpoints
	api := e.Group("/api/v1")
	api.GET("/openapi.json", a.openAPIDoc)
	a.cachedGET(e, "/api/docs", a.apiDocs, sharedContent)
	api.GET("/petitions", a.apiPetitions)
	api.GET("/petitions/:id", a.apiPetition)
	api.GET("/meetings", a.apiMeetings)
	api.GET("/meetings/:id", a.apiMeeting)

	// public record: statistics, Atom feeds, similar petitions while writing
	a.cachedGET(e, "/stats", a.stats, sharedContent)
	e.GET("/feeds/petitions.atom", a.petitionsFeed)
	e.GET("/feeds/answers.atom", a.answersFeed)
	e.POST("/petitions/new", a.newPetition, requireUser) // 비슷한 청원 찾기 and the preview's 수정하기 keep the draft
	api.GET("/petitions/similar", a.apiSimilarPetitions)

	// opinions heard on site
	a.cachedGET(e, "/opinions", a.listOpinions, sharedContent)
	a.cachedGET(e, "/opinions/:id", a.showOpinion, sharedContent)
	admin.GET("/opinions", a.adminOpinions)
	admin.GET("/opinions/new", a.newOpinion)
	admin.POST("/opinions", a.createOpinion)
	admin.GET("/opinions/:id", a.adminOpinion)
	admin.POST("/opinions/:id/state", a.changeOpinionState)

	// 창의 아이디어단: staff ideas, the 제안심의회, awards and adoption (admins act as 기획예산과)
	a.cachedGET(e, "/ideas", a.publicIdeas, sharedContent)
	admin.GET("/ideas", a.deskIdeas)
	admin.GET("/ideas/new", a.deskNewIdea)
	admin.POST("/ideas", a.deskCreateIdea)
	admin.GET("/ideas/:id", a.deskIdea)
	admin.POST("/ideas/:id/consent", a.deskIdeaConsent)
	admin.POST("/ideas/:id/progress", a.deskIdeaProgress)
	admin.POST("/ideas/:id/decide", a.deskDecideIdea, requireAdmin)
	admin.POST("/ideas/budget", a.deskSetAwardBudget, requireAdmin)
	admin.GET("/ideas/report", a.deskIdeaReport)
	admin.GET("/ideas/report.csv", a.deskIdeaReportCSV)
	admin.GET("/ideas/teams", a.deskTeams)
	admin.POST("/ideas/teams", a.deskCreateTeam, requireAdmin)
	admin.GET("/ideas/teams/:id", a.deskTeam)
	admin.POST("/ideas/teams/:id/members", a.deskAddTeamMember, requireAdmin)
	admin.POST("/ideas/teams/:id/members/remove", a.deskRemoveTeamMember, requireAdmin)
	admin.POST("/ideas/teams/:id/meetings", a.deskRecordTeamMeeting) // the team's members and admins
	admin.GET("/ideas/committee", a.deskCommittee)
	admin.POST("/ideas/committee", a.deskAddCommitteeMember, requireAdmin)
	admin.POST("/ideas/committee/remove", a.deskRemoveCommitteeMember, requireAdmin)
	admin.GET("/ideas/rounds/new", a.deskNewRound, requireAdmin)
	admin.POST("/ideas/rounds", a.deskOpenRound, requireAdmin)
	admin.GET("/ideas/rounds/:id", a.deskRound) // the round's members and admins
	admin.POST("/ideas/rounds/:id/close", a.deskCloseRound, requireAdmin)
	admin.GET("/ideas/rounds/:id/ideas/:idea", a.deskScoreForm) // the round's members only
	admin.POST("/ideas/rounds/:id/ideas/:idea", a.deskSaveScore)
}
