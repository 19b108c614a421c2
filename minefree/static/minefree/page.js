// Behaviour every page shares, here rather than in inline handlers (the Content-Security-Policy forbids those).
document.addEventListener("DOMContentLoaded", function () {
  // The language menu takes effect as soon as a language is chosen.
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // Its button is for pages that run no script (the public dashboard).
  document.querySelectorAll("[data-without-script]").forEach(function (element) { element.hidden = true; });
  document.querySelectorAll("a[data-history-back]").forEach(function (link) {
    link.addEventListener("click", function (event) { event.preventDefault(); history.back(); });
  });
});
