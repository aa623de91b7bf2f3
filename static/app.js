// Small enhancements; every task works without them.
document.addEventListener("DOMContentLoaded", function () {
  // character counters on fields with data-count
  document.querySelectorAll("[data-count]").forEach(function (field) {
    var max = parseInt(field.getAttribute("data-count"), 10);
    var out = document.createElement("p");
    out.className = "count-hint";
    out.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", out);
    var update = function () { out.textContent = Array.from(field.value).length.toLocaleString("ko-KR") + " / " + max.toLocaleString("ko-KR") + "자"; };
    field.addEventListener("input", update);
    update();
  });
  // copy buttons for share links
  document.querySelectorAll("[data-copy]").forEach(function (btn) {
    var input = document.getElementById(btn.getAttribute("data-copy"));
    if (!input || !navigator.clipboard) return;
    btn.hidden = false;
    btn.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () { btn.textContent = "복사했습니다"; });
    });
  });
  // move focus to the error summary so screen readers announce it
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});
