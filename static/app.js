// Small enhancements; every task works without them.
document.addEventListener("DOMContentLoaded", function () {
  // character counters on fields with data-count
  document.querySelectorAll("[data-count]").forEach(function (field) {
    var max = parseInt(field.getAttribute("data-count"), 10);
    var out = document.createElement("p");
    out.className = "count-hint";
    out.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", out);
    // the page gives the words in its language: "{n} / {max}자", "{n} / {max} characters"
    var text = field.getAttribute("data-count-text") || "{n} / {max}";
    var lang = document.documentElement.lang || "ko";
    var update = function () {
      out.textContent = text.replace("{n}", Array.from(field.value).length.toLocaleString(lang)).replace("{max}", max.toLocaleString(lang));
    };
    field.addEventListener("input", update);
    update();
  });
  // copy buttons for share links
  document.querySelectorAll("[data-copy]").forEach(function (btn) {
    var input = document.getElementById(btn.getAttribute("data-copy"));
    if (!input || !navigator.clipboard) return;
    btn.hidden = false;
    btn.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () { btn.textContent = btn.getAttribute("data-copied"); });
    });
  });
  // move focus to the error summary so screen readers announce it
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});

// 비슷한 청원: as the title is typed, ask the API for public petitions with the
// same words and show them in the live region the 비슷한 청원 찾기 button fills without script.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-similar]");
  var title = document.getElementById("title");
  if (!box || !title || !window.fetch) return;
  var timer = null, asked = title.value.trim(), seq = 0, shown = "";
  var el = function (tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  };
  var render = function (items, words) {
    var key = items.map(function (p) { return p.id; }).join(",");
    if (key === shown) return; // unchanged: do not make screen readers repeat it
    shown = key;
    box.textContent = "";
    if (!items.length) return;
    box.appendChild(el("h2", "similar-title", "비슷한 청원 " + items.length + "건"));
    box.appendChild(el("p", "hint", "제목의 낱말(" + words.map(function (w) { return "‘" + w + "’"; }).join(", ") +
      ")이 들어간 공개 청원입니다. 링크는 새 창에서 열리므로 쓰던 내용은 그대로 남습니다."));
    var list = el("ul", "similar-list");
    items.forEach(function (p) {
      var li = el("li"), a = el("a", "", p.title), meta = el("span", "similar-meta");
      a.href = "/petitions/" + p.id;
      a.target = "_blank";
      a.rel = "noopener";
      a.appendChild(el("span", "visually-hidden", " (새 창)"));
      meta.appendChild(el("span", "badge badge-" + p.status, p.status_label));
      meta.appendChild(document.createTextNode(" 공감 " + p.support_count.toLocaleString("ko-KR") + "명"));
      li.appendChild(a);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(meta);
      list.appendChild(li);
    });
    box.appendChild(list);
  };
  title.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = title.value.trim();
      if (q === asked) return;
      asked = q;
      var mine = ++seq;
      fetch("/api/v1/petitions/similar?title=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data && mine === seq) render(data.items, data.words); })
        .catch(function () { /* the button still works */ });
    }, 400);
  });
});

// 열린공론장: a vote is sent without leaving the page, and the next statement
// takes the place of the one voted on; the form posts as usual without script.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-vote]");
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var status = document.querySelector("[data-vote-status]");
  var card = document.querySelector("[data-vote-card]");
  var done = document.querySelector("[data-vote-done]");
  var body = card.querySelector("[data-vote-body]");
  var left = card.querySelector("[data-vote-left]");
  var report = card.querySelector("[data-vote-report]");
  var id = form.querySelector("input[name=statement_id]");
  var busy = false;
  var say = function (text) {
    status.textContent = "";
    setTimeout(function () { status.textContent = text; }, 50); // the same words again are announced again
  };
  form.addEventListener("submit", function (e) {
    var button = e.submitter;
    if (!button || !button.value) return;
    e.preventDefault();
    if (busy) return;
    busy = true;
    var data = new URLSearchParams(new FormData(form));
    data.set("value", button.value);
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" } })
      .then(function (r) {
        var type = r.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") < 0) throw new Error("not json");
        return r.json();
      })
      .then(function (res) {
        busy = false;
        if (!res.ok) { say(res.message); return; }
        if (!res.next) {
          card.hidden = true;
          done.hidden = false;
          say(res.message);
          done.focus();
          return;
        }
        id.value = res.next.id;
        body.textContent = res.next.body;
        if (res.next.lang) body.lang = res.next.lang;
        left.textContent = res.left.toLocaleString(document.documentElement.lang || "ko");
        report.href = form.action.replace(/\/votes$/, "/statements/" + res.next.id + "/report");
        say(res.message + " " + (form.getAttribute("data-vote-next") || ""));
        body.focus();
      })
      .catch(function () {
        // send the form the ordinary way
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = "value";
        input.value = button.value;
        form.appendChild(input);
        form.submit();
      });
  });
});

// a form with data-confirm asks before it is sent
document.addEventListener("submit", function (e) {
  var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) e.preventDefault();
});

// The site menu folds behind 메뉴 on a phone. On a desktop it stays open:
// CSS does that through ::details-content; where that is unknown, open it here.
// Escape closes an open menu and gives the focus back to its button.
document.addEventListener("DOMContentLoaded", function () {
  var menu = document.querySelector("[data-site-menu]");
  if (!menu) return;
  if (window.matchMedia && !(window.CSS && CSS.supports("selector(::details-content)"))) {
    var wide = window.matchMedia("(min-width: 960px)");
    var sync = function () { menu.open = wide.matches; };
    sync();
    if (wide.addEventListener) wide.addEventListener("change", sync);
  }
  menu.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || !menu.open || menu.querySelector("summary").offsetParent === null) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });
});

// The answer's video: pressing its poster plays it here through
// youtube-nocookie, so YouTube is reached only when a resident asks for it.
// Without script the poster is a plain link to the video.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-embed]").forEach(function (poster) {
    var note = poster.querySelector(".video-new-window");
    if (note) note.remove();
    poster.removeAttribute("target");
    poster.setAttribute("role", "button");
    poster.addEventListener("keydown", function (e) {
      if (e.key === " ") { e.preventDefault(); poster.click(); }
    });
    poster.addEventListener("click", function (e) {
      e.preventDefault();
      var box = document.createElement("div");
      box.className = "video";
      var frame = document.createElement("iframe");
      frame.src = poster.getAttribute("data-embed") + "?autoplay=1";
      frame.title = poster.getAttribute("data-embed-title");
      frame.allow = "autoplay; encrypted-media; picture-in-picture";
      frame.allowFullscreen = true;
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      box.appendChild(frame);
      poster.replaceWith(box);
      frame.focus();
    });
  });
});
