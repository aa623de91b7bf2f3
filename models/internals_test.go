package models

// Internals the package's tests reach.

type Accounts = accounts

var HashToken = hashToken

const NoticeKey = noticeKey

var SaveToken = saveToken

type Setting = setting

var SettingLimits = settingLimits

var SplitSQL = splitSQL

const VerifyTokenTTL = verifyTokenTTL

// Validate checks the sign-up form as Register does.
func (in *SignUp) Validate() Errors { return in.validate() }
