// Sanction index: sorting and filtering, with the state kept in the URL
// (?autorite=cnil&annee=2024&organisme=google&tri=amount&ordre=desc) so that a filtered view can be
// shared. The table is complete without this script; the sort control and the column buttons
// (wide screens only) change the same state, and the caption always says the order shown.
(function () {
  "use strict";
  var table = document.getElementById("table-sanctions");
  var form = document.getElementById("filtres-sanctions");
  var sortSelect = document.getElementById("tri-sanctions");
  if (!table || !form || !sortSelect) { return; }
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var status = document.getElementById("resultat-filtres");
  var empty = document.getElementById("aucun-resultat");
  var zone = document.getElementById("zone-sanctions");
  var caption = table.caption;
  var DEFAULT = { key: "date", order: "desc" };
  var sort = { key: DEFAULT.key, order: DEFAULT.order };
  var NAMES = {
    organisation: "organisme", authority: "autorité", country: "pays", breaches: "manquement",
    sector: "secteur", status: "statut"
  };
  var euros = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });

  // Case and accents aside: « societe » finds « Société ».
  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase("fr");
  }

  function value(row, key) {
    var raw = row.dataset[key] || "";
    if (key === "amount") { return raw === "" ? -1 : Number(raw); }
    return folded(raw);
  }

  function compare(a, b) {
    var x = value(a, sort.key), y = value(b, sort.key);
    var result = x < y ? -1 : x > y ? 1 : 0;
    if (result === 0) { result = a.dataset.date < b.dataset.date ? -1 : a.dataset.date > b.dataset.date ? 1 : 0; }
    return sort.order === "asc" ? result : -result;
  }

  function keeps(row, filters) {
    var amount = row.dataset.amount === "" ? null : Number(row.dataset.amount);
    if (filters.name && folded(row.dataset.organisation).indexOf(filters.name) < 0) { return false; }
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
    Array.prototype.forEach.call(form.querySelectorAll("select[data-field]"), function (select) {
      filters[select.dataset.field] = select.value;
    });
    filters.name = folded(form.elements.organisme.value.trim());
    filters.min = form.elements.min.value;
    filters.max = form.elements.max.value;
    return filters;
  }

  function captionText() {
    if (sort.key === "date") {
      return "Décisions, " + (sort.order === "desc" ? "de la plus récente à la plus ancienne" : "de la plus ancienne à la plus récente");
    }
    if (sort.key === "amount") {
      return "Décisions par montant, " + (sort.order === "desc" ? "du plus élevé au plus faible" : "du plus faible au plus élevé");
    }
    return "Décisions par " + (NAMES[sort.key] || sort.key) + ", " + (sort.order === "asc" ? "de A à Z" : "de Z à A");
  }

  // « 3 décisions sur 48 ; total : 1 200 000 € » — the euros of the decisions shown, never
  // mixed with other currencies or undisclosed amounts, which are counted apart.
  function summary(shown) {
    var total = 0, others = 0;
    shown.forEach(function (row) {
      if (row.dataset.amount !== "" && row.dataset.currency === "EUR") { total += Number(row.dataset.amount); } else { others += 1; }
    });
    var text = shown.length + " décision" + (shown.length > 1 ? "s" : "") + " sur " + rows.length;
    if (shown.length) {
      text += " ; total : " + euros.format(total);
      if (others) { text += " (hors " + others + " décision" + (others > 1 ? "s" : "") + " sans montant en euros)"; }
    }
    return text;
  }

  function render() {
    var filters = currentFilters();
    var shown = [];
    rows.slice().sort(compare).forEach(function (row) {
      var visible = keeps(row, filters);
      row.hidden = !visible;
      if (visible) { shown.push(row); }
      tbody.appendChild(row);
    });
    Array.prototype.forEach.call(table.tHead.querySelectorAll("th[data-sort]"), function (th) {
      th.setAttribute("aria-sort", th.dataset.sort === sort.key ? (sort.order === "asc" ? "ascending" : "descending") : "none");
    });
    var option = sort.key + "-" + sort.order;
    sortSelect.value = option;
    if (sortSelect.value !== option) { sortSelect.value = ""; }
    caption.textContent = captionText();
    status.textContent = summary(shown);
    // Nothing matches: a sentence instead of a bare header row.
    empty.hidden = shown.length > 0;
    zone.hidden = shown.length === 0;
  }

  function saveToUrl() {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.value) { params.set(field.name, field.value); }
    });
    if (sort.key !== DEFAULT.key || sort.order !== DEFAULT.order) { params.set("tri", sort.key); params.set("ordre", sort.order); }
    var query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }

  function loadFromUrl() {
    var params = new URLSearchParams(location.search);
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && params.has(field.name)) { field.value = params.get(field.name); }
    });
    var keys = Array.prototype.map.call(table.tHead.querySelectorAll("th[data-sort]"), function (th) { return th.dataset.sort; });
    if (keys.indexOf(params.get("tri")) >= 0) { sort.key = params.get("tri"); }
    if (params.get("ordre") === "asc" || params.get("ordre") === "desc") { sort.order = params.get("ordre"); }
  }

  function update() { render(); saveToUrl(); }

  Array.prototype.forEach.call(table.tHead.querySelectorAll("th[data-sort]"), function (th) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = th.textContent;
    button.addEventListener("click", function () {
      sort.order = sort.key === th.dataset.sort && sort.order === "desc" ? "asc" : "desc";
      sort.key = th.dataset.sort;
      update();
    });
    th.textContent = "";
    th.appendChild(button);
  });
  // The sort control has no name: it is not a filter, and the address keeps tri and ordre.
  sortSelect.addEventListener("change", function (event) {
    event.stopPropagation();
    var parts = sortSelect.value.split("-");
    if (parts.length === 2) { sort.key = parts[0]; sort.order = parts[1]; update(); }
  });
  form.addEventListener("input", function (event) { if (event.target !== sortSelect) { update(); } });
  form.addEventListener("reset", function () {
    setTimeout(function () { sort = { key: DEFAULT.key, order: DEFAULT.order }; update(); }, 0);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  loadFromUrl();
  // Wide screens, or a shared view that uses them: the folded filters are shown open.
  var more = document.getElementById("plus-de-filtres");
  if (more && (window.matchMedia("(min-width: 48rem)").matches ||
      Array.prototype.some.call(more.querySelectorAll("[name]"), function (field) { return field.value; }))) {
    more.open = true;
  }
  render();
}());
