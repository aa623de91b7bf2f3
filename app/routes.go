package app

import "github.com/labstack/echo/v4"

// routes is the whole URL map of the site.
func (a *App) routes(e *echo.Echo) {
	// home, health and assets
	e.GET("/", a.home)
	e.GET("/healthz", a.healthz)
	e.GET("/static/:hash/*", a.assets.serve)

	// accounts
	e.GET("/signup", a.signupForm)
	e.POST("/signup", a.signup)
	e.GET("/verify", a.verifyForm)
	e.POST("/verify", a.verify)
	e.POST("/verify/resend", a.resendVerification, requireUser)
	e.GET("/login", a.loginForm)
	e.POST("/login", a.login)
	e.POST("/logout", a.logout)
	e.GET("/me", a.me, requireUser)
	e.POST("/me/notifications", a.saveNotifications, requireUser)
	e.GET("/unsubscribe/:token", a.unsubscribeForm)
	e.POST("/unsubscribe/:token", a.unsubscribe)

	// 영등포신문고
	e.GET("/petitions", a.listPetitions)
	e.GET("/petitions/new", a.newPetition, requireUser)
	e.POST("/petitions", a.createPetition, requireUser)
	e.GET("/petitions/:id", a.showPetition)
	e.POST("/petitions/:id/support", a.supportPetition, requireUser)

	// staff desk
	admin := e.Group("/admin", requireStaff)
	admin.GET("", a.adminHome)
	admin.POST("/petitions/:id/publish", a.publishPetition)
	admin.POST("/petitions/:id/hide", a.hidePetition)
	admin.POST("/petitions/:id/restore", a.restorePetition)
	admin.POST("/petitions/:id/answer", a.answerPetition)

	// public read API
	api := e.Group("/api/v1")
	api.GET("/petitions", a.apiPetitions)
	api.GET("/petitions/:id", a.apiPetition)
}
