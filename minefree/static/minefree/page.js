// Behaviour every page shares, here rather than in inline handlers (the Content-Security-Policy forbids those).
document.addEventListener("DOMContentLoaded", function () {
  // The language menu takes effect as soon as a language is chosen.
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // Its button is for pages that run no script (the public dashboard).
  document.querySelectorAll("[data-without-script]").forEach(function (element) { element.hidden = true; });
  // On a phone the main menu folds behind its button (the CSS folds it only on narrow screens).
  document.querySelectorAll("header.top .menu-toggle").forEach(function (button) {
    var header = button.closest("header");
    header.classList.add("folding");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = header.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
  // A table wider than the screen scrolls in its own box (style.css): the keyboard reaches that box
  // too, so it can be scrolled with the arrow keys; a table that fits takes no stop in the Tab order.
  function scrollBoxesFocusable() {
    document.querySelectorAll("main table, main .table-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.scrollBox = "1";
      } else if (!scrolls && box.dataset.scrollBox) {
        box.removeAttribute("tabindex");
        delete box.dataset.scrollBox;
      }
    });
  }
  scrollBoxesFocusable();
  window.addEventListener("resize", scrollBoxesFocusable);
  document.querySelectorAll("a[data-history-back]").forEach(function (link) {
    link.addEventListener("click", function (event) { event.preventDefault(); history.back(); });
  });
});
