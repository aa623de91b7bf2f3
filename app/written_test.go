package app

import (
	"net/url"
	"testing"
)

// What a textarea holds was written by someone: it says its language,
// and an empty one says none; a written choice says its label's.
func TestWrittenFields(t *testing.T) {
	pg := &base{Form: url.Values{"body": {"주차 문제입니다"}, "note": {""}}}
	f, err := fieldOf(pg, "body", "Body", "type", "textarea")
	if err != nil || f.Lang != "ko" {
		t.Errorf("textarea of Korean: lang %q, %v", f.Lang, err)
	}
	if f, _ := fieldOf(pg, "note", "Note", "type", "textarea"); f.Lang != "" {
		t.Errorf("empty textarea: lang %q", f.Lang)
	}
	if f, _ := fieldOf(pg, "body", "Body", "type", "textarea", "lang", "zh"); f.Lang != "zh" {
		t.Errorf("textarea with its lang given: lang %q", f.Lang)
	}
	opts, err := options([]written{writtenChoice("1", "이지은 (staff@ydp1.kr)", "이지은"), {Value: "system", Label: "desk.jobs.title"}})
	if err != nil || opts[0].Lang != "ko" || opts[1].Lang != "" {
		t.Errorf("written options = %+v, %v", opts, err)
	}
}
