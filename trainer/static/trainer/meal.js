// The meal page, enhanced; it works without this file. Two things:
// - the Measure list offers the chosen food's own portions (without this file it lists every offered food's);
// - a second tap on a button while the page is already sending sends nothing more, so a meal is not logged twice.
(function () {
  "use strict";
  var form = document.getElementById("meal-form");
  if (!form) return;
  var unit = document.getElementById("id_unit");
  var base = Array.prototype.map.call(unit.querySelectorAll("option[data-base]"), function (o) {
    return o.cloneNode(true);
  });

  function refresh() {
    var chosen = form.querySelector("input[name=food]:checked");
    var keep = unit.value;
    var portions = [];
    try {
      portions = chosen ? JSON.parse(chosen.getAttribute("data-portions") || "[]") : [];
    } catch (e) {
      portions = [];
    }
    while (unit.firstChild) unit.removeChild(unit.firstChild);
    base.forEach(function (o) { unit.appendChild(o.cloneNode(true)); });
    portions.forEach(function (portion) {
      var option = document.createElement("option");
      option.value = String(portion[0]);
      option.textContent = portion[1];
      unit.appendChild(option);
    });
    var still = Array.prototype.some.call(unit.options, function (o) { return o.value === keep; });
    unit.value = still ? keep : base[0].value;
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "food") refresh();
  });
  document.body.addEventListener("htmx:afterSwap", refresh);
  refresh();

  form.addEventListener("submit", function (event) {
    if (form.getAttribute("data-sending")) {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-sending", "1");
  });
  // Back to this page from the history: it may be sent again.
  window.addEventListener("pageshow", function () { form.removeAttribute("data-sending"); });
})();
