package app

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"ydp1/internal/outbox"
	"ydp1/models"
)

// Config is read once at start from flags and the environment (flags win).
type Config struct {
	Addr           string
	MetricsAddr    string // where Prometheus scrapes /metrics; empty serves none
	DatabaseURL    string
	BaseURL        string
	SessionSecret  string
	SMTPURL        string
	MailFrom       string
	TrustedProxies string // comma-separated CIDRs whose X-Forwarded-For is believed
	RateLimits     bool   // per-address limits on log-ins, sign-ups, petitions, supports and bookings
	Petition       models.Settings
	// PetitionSet names the petition settings the operator gave explicitly,
	// as lower-case environment names (petition_threshold …).
	PetitionSet []string
}

var petitionEnv = []string{"PETITION_THRESHOLD", "PETITION_PRECONSENT", "PRECONSENT_DAYS", "PETITION_DAYS", "ANSWER_DAYS"}

// Parse reads the flags of fs from args and notes which petition settings
// were given by a flag or an environment variable.
func (c *Config) Parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	set := map[string]bool{}
	for _, name := range petitionEnv {
		if os.Getenv(name) != "" {
			set[strings.ToLower(name)] = true
		}
	}
	fs.Visit(func(f *flag.Flag) { set[strings.ReplaceAll(f.Name, "-", "_")] = true })
	c.PetitionSet = nil
	for _, name := range petitionEnv {
		if key := strings.ToLower(name); set[key] {
			c.PetitionSet = append(c.PetitionSet, key)
		}
	}
	return nil
}

// DefaultDatabase is the SQLite file used when DATABASE_URL is unset.
const DefaultDatabase = "data/ydp1.db"

// BindFlags registers the configuration flags on fs, with defaults from the environment.
func (c *Config) BindFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", env("ADDR", ":8080"), "listen address (ADDR)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", env("METRICS_ADDR", ""), "listen address of /metrics for Prometheus, kept off the public port, e.g. 127.0.0.1:9090; empty serves no metrics (METRICS_ADDR)")
	fs.StringVar(&c.DatabaseURL, "db", env("DATABASE_URL", DefaultDatabase), "SQLite file path (DATABASE_URL)")
	fs.StringVar(&c.BaseURL, "base-url", env("BASE_URL", "http://localhost:8080"), "public address of the site, used in mails and links (BASE_URL)")
	fs.StringVar(&c.SessionSecret, "session-secret", env("SESSION_SECRET", ""), "secret for session cookies; generated once and kept beside the database when empty (SESSION_SECRET)")
	fs.StringVar(&c.SMTPURL, "smtp", env("SMTP_URL", ""), "smtp://user:pass@host:port; when empty mails are only logged and kept in the outbox (SMTP_URL)")
	fs.StringVar(&c.MailFrom, "mail-from", env("MAIL_FROM", "영등포1번가 <no-reply@ydp1.kr>"), "sender of mails (MAIL_FROM)")
	fs.BoolVar(&c.RateLimits, "rate-limits", env("RATE_LIMITS", "on") != "off", "limit log-ins, sign-ups, petitions, supports and bookings per client address; RATE_LIMITS=off turns them off")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", env("TRUSTED_PROXIES", ""), "comma-separated CIDRs of reverse proxies whose X-Forwarded-For is trusted (TRUSTED_PROXIES)")
	d := models.DefaultSettings
	c.Petition = d // the settings without a flag keep their defaults
	fs.IntVar(&c.Petition.Threshold, "petition-threshold", envInt("PETITION_THRESHOLD", d.Threshold), "initial supports needed for an answer (PETITION_THRESHOLD)")
	fs.IntVar(&c.Petition.PreconsentGoal, "petition-preconsent", envInt("PETITION_PRECONSENT", d.PreconsentGoal), "initial pre-consent goal (PETITION_PRECONSENT)")
	fs.IntVar(&c.Petition.PreconsentDays, "preconsent-days", envInt("PRECONSENT_DAYS", d.PreconsentDays), "initial pre-consent period in days (PRECONSENT_DAYS)")
	fs.IntVar(&c.Petition.PetitionDays, "petition-days", envInt("PETITION_DAYS", d.PetitionDays), "initial public period in days (PETITION_DAYS)")
	fs.IntVar(&c.Petition.AnswerDays, "answer-days", envInt("ANSWER_DAYS", d.AnswerDays), "initial days to answer (ANSWER_DAYS)")
}

// Check validates the configuration and fills what can be derived.
func (c *Config) Check() error {
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("BASE_URL must be an http(s) address, got %q", c.BaseURL)
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if c.SMTPURL != "" {
		if err := outbox.CheckSMTPURL(c.SMTPURL); err != nil {
			return err
		}
	}
	p := c.Petition
	if p.Threshold < 1 || p.PreconsentGoal < 0 || p.PreconsentDays < 1 || p.PetitionDays < 1 || p.AnswerDays < 1 ||
		p.DeptAnswerDays < 1 || p.ReportLimit < 1 {
		return errors.New("petition settings must be positive (the pre-consent goal may be 0)")
	}
	return nil
}

// Secure reports whether the site is served over https, so cookies must be Secure.
func (c *Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// DataDir is the folder that holds the SQLite file and the generated secret.
func (c *Config) DataDir() string {
	return filepath.Dir(strings.TrimPrefix(c.DatabaseURL, "sqlite://"))
}

// LoadSessionSecret returns SESSION_SECRET or, when unset, a secret generated
// once and kept in the data folder so sessions survive restarts.
func (c *Config) LoadSessionSecret() ([]byte, error) {
	if c.SessionSecret != "" {
		return []byte(c.SessionSecret), nil
	}
	if models.IsPostgres(c.DatabaseURL) {
		// instances behind one proxy must all read each other's cookies
		return nil, errors.New("with PostgreSQL set SESSION_SECRET, the same on every instance (e.g. openssl rand -hex 32)")
	}
	path := filepath.Join(c.DataDir(), "session.key")
	if b, err := os.ReadFile(path); err == nil { // #nosec G304 -- path is in the data folder the operator configures, never from a request
		key, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err == nil && len(key) >= 32 {
			return key, nil
		}
		return nil, fmt.Errorf("%s is damaged; delete it to generate a new one", path)
	}
	key := make([]byte, 64)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(c.DataDir(), 0o750); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(key)), 0o600); err != nil {
		return nil, fmt.Errorf("keep session secret: %w", err)
	}
	return key, nil
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

func envInt(key string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(key)); err == nil {
		return v
	}
	return def
}
