// A risk-education session's total, computed as the four groups are typed; the server still checks
// that the total is their sum, so a total typed by hand that differs is named beside the field.
(function () {
  var parts = ["girls", "boys", "women", "men"].map(function (name) {
    return document.querySelector("form.record input[name=" + name + "]");
  });
  var total = document.querySelector("form.record input[name=total]");
  if (!total || parts.some(function (input) { return !input; })) { return; }
  var typedByHand = total.value !== "";
  total.addEventListener("input", function () { typedByHand = total.value !== ""; });
  function sum() {
    if (typedByHand) { return; }
    var values = parts.map(function (input) { return input.value === "" ? null : Number(input.value); });
    if (values.some(function (v) { return v === null || isNaN(v); })) { return; }
    total.value = values.reduce(function (a, b) { return a + b; }, 0);
    total.dataset.computed = "true";
  }
  parts.forEach(function (input) { input.addEventListener("input", sum); });
})();
