// Sanction index: sorting by column and filtering, with the state kept in the URL
// (?autorite=cnil&annee=2024&tri=amount&ordre=desc) so that a filtered view can be shared.
// The table is complete without this script.
(function () {
  "use strict";
  var table = document.getElementById("table-sanctions");
  var form = document.getElementById("filtres-sanctions");
  if (!table || !form) { return; }
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var status = document.getElementById("resultat-filtres");
  var sort = { key: "date", order: "desc" };

  function value(row, key) {
    var raw = row.dataset[key] || "";
    if (key === "amount") { return raw === "" ? -1 : Number(raw); }
    return raw.toLocaleLowerCase("fr");
  }

  function compare(a, b) {
    var x = value(a, sort.key), y = value(b, sort.key);
    var result = x < y ? -1 : x > y ? 1 : 0;
    if (result === 0) { result = a.dataset.date < b.dataset.date ? -1 : a.dataset.date > b.dataset.date ? 1 : 0; }
    return sort.order === "asc" ? result : -result;
  }

  function keeps(row, filters) {
    var amount = row.dataset.amount === "" ? null : Number(row.dataset.amount);
    if (filters.authority && row.dataset.authority !== filters.authority) { return false; }
    if (filters.year && row.dataset.year !== filters.year) { return false; }
    if (filters.breach && row.dataset.breaches.split(" ").indexOf(filters.breach) < 0) { return false; }
    if (filters.sector && row.dataset.sector !== filters.sector) { return false; }
    // Amount bounds are in euros: undisclosed amounts and other currencies do not match them.
    if ((filters.min || filters.max) && (amount === null || row.dataset.currency !== "EUR")) { return false; }
    if (filters.min && amount < Number(filters.min)) { return false; }
    if (filters.max && amount > Number(filters.max)) { return false; }
    return true;
  }

  function currentFilters() {
    var filters = {};
    Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) {
      filters[select.dataset.field] = select.value;
    });
    filters.min = form.elements.min.value;
    filters.max = form.elements.max.value;
    return filters;
  }

  function render() {
    var filters = currentFilters();
    var shown = 0;
    rows.slice().sort(compare).forEach(function (row) {
      var visible = keeps(row, filters);
      row.hidden = !visible;
      if (visible) { shown += 1; }
      tbody.appendChild(row);
    });
    Array.prototype.forEach.call(table.tHead.querySelectorAll("th[data-sort]"), function (th) {
      th.setAttribute("aria-sort", th.dataset.sort === sort.key ? (sort.order === "asc" ? "ascending" : "descending") : "none");
    });
    status.textContent = shown + " décision" + (shown > 1 ? "s" : "") + " sur " + rows.length;
  }

  function saveToUrl() {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.value) { params.set(field.name, field.value); }
    });
    if (sort.key !== "date" || sort.order !== "desc") { params.set("tri", sort.key); params.set("ordre", sort.order); }
    var query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }

  function loadFromUrl() {
    var params = new URLSearchParams(location.search);
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && params.has(field.name)) { field.value = params.get(field.name); }
    });
    if (params.get("tri")) { sort.key = params.get("tri"); }
    if (params.get("ordre") === "asc" || params.get("ordre") === "desc") { sort.order = params.get("ordre"); }
  }

  Array.prototype.forEach.call(table.tHead.querySelectorAll("th[data-sort]"), function (th) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = th.textContent;
    button.addEventListener("click", function () {
      sort.order = sort.key === th.dataset.sort && sort.order === "desc" ? "asc" : "desc";
      sort.key = th.dataset.sort;
      render();
      saveToUrl();
    });
    th.textContent = "";
    th.appendChild(button);
  });
  form.addEventListener("input", function () { render(); saveToUrl(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { sort = { key: "date", order: "desc" }; render(); saveToUrl(); }, 0);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  loadFromUrl();
  render();
}());
