// imrcheck HTML report: filters, letter text on demand, keyboard navigation, explain dialog.
// Letter text is only ever inserted as text nodes (never as markup): a letter is untrusted input.
"use strict";
(function () {
  const letters = Array.from(document.querySelectorAll("article.letter"));
  const findings = Array.from(document.querySelectorAll(".finding"));
  const form = document.getElementById("filter-form");
  const search = document.getElementById("search");
  const status = document.getElementById("filter-status");
  const facetBox = document.getElementById("facet");
  const facetText = document.getElementById("facet-text");
  const searchable = new Map(findings.map(function (f) {
    const letter = f.closest("article.letter");
    return [f, (f.textContent + " " + letter.dataset.path).toLowerCase()];
  }));
  let facet = null; // {kind: "outcome"|"treatment", value}

  function checked(name) {
    return new Set(Array.from(form.querySelectorAll('input[name="' + name + '"]:checked'), function (i) { return i.value; }));
  }
  function allChecked() {
    return Array.from(form.querySelectorAll("input[type=checkbox]")).every(function (i) { return i.checked; });
  }

  function applyFilters() {
    const severities = checked("severity"), families = checked("family"), codes = checked("code");
    const query = search.value.trim().toLowerCase();
    const narrowed = query !== "" || !allChecked();
    let shownFindings = 0, shownLetters = 0;
    for (const letter of letters) {
      let any = false;
      for (const finding of letter.querySelectorAll(".finding")) {
        const show = severities.has(finding.dataset.severity) && families.has(finding.dataset.family) &&
          codes.has(finding.dataset.code) && (query === "" || searchable.get(finding).includes(query));
        finding.hidden = !show;
        if (show) { any = true; shownFindings++; }
      }
      const inFacet = facet === null || (letter.dataset[facet.kind + "s"] || "").split(" ").includes(facet.value);
      const show = inFacet && (any || !narrowed);
      letter.hidden = !show;
      if (show) shownLetters++;
    }
    status.textContent = "Showing " + shownFindings + " of " + findings.length + " findings in " +
      shownLetters + " of " + letters.length + " letters.";
  }

  function setFacet(kind, value) {
    facet = kind === null ? null : {kind: kind, value: value};
    facetBox.hidden = facet === null;
    facetText.textContent = facet === null ? "" : "Showing letters with an item of " + kind + " " + value.replace(/_/g, " ") + ".";
    applyFilters();
  }

  function onlyCode(code) {
    for (const box of form.querySelectorAll('input[name="code"]')) box.checked = box.value === code;
    for (const box of form.querySelectorAll('input[name="severity"], input[name="family"]')) box.checked = true;
    setFacet(null);
  }

  // The letter's text, its lines numbered and every evidence span marked with its finding's number.
  function renderText(letter) {
    const holder = letter.querySelector(".letter-text");
    const blob = letter.querySelector("script.letter-data");
    if (!blob || holder.dataset.rendered) return;
    holder.dataset.rendered = "1";
    const data = JSON.parse(blob.textContent);
    const text = data.text, pages = data.pages;
    const marks = data.marks.slice().sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    const fragment = document.createDocumentFragment();
    let next = 0, open = [], lineStart = 0, lineNumber = 1, page = 0;
    while (lineStart <= text.length) {
      let lineEnd = text.indexOf("\n", lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      if (pages.length && page < pages.length && pages[page] <= lineStart) {
        while (page < pages.length && pages[page] <= lineStart) page++;
        const marker = document.createElement("div");
        marker.className = "page";
        marker.textContent = "Page " + page;
        fragment.appendChild(marker);
      }
      while (next < marks.length && marks[next][0] < lineEnd) open.push(marks[next++]);
      open = open.filter(function (m) { return m[1] > lineStart; });
      const here = open.filter(function (m) { return m[0] < lineEnd || (m[0] === m[1] && m[0] === lineEnd); });
      fragment.appendChild(renderLine(letter.id, text, lineStart, lineEnd, lineNumber, here));
      lineStart = lineEnd + 1;
      lineNumber++;
    }
    holder.replaceChildren(fragment);
  }

  function renderLine(letterId, text, start, end, number, marks) {
    const line = document.createElement("div");
    line.className = "line";
    const ln = document.createElement("span");
    ln.className = "ln";
    ln.textContent = String(number);
    line.appendChild(ln);
    const cuts = new Set([start, end]);
    for (const m of marks) { cuts.add(Math.max(start, m[0])); cuts.add(Math.min(end, m[1])); }
    const points = Array.from(cuts).sort(function (a, b) { return a - b; });
    for (let i = 0; i < points.length; i++) {
      const from = points[i], to = i + 1 < points.length ? points[i + 1] : from;
      for (const m of marks) {
        if (m[0] === from && from >= start) {
          const label = document.createElement("a");
          label.className = "mark-label";
          label.id = letterId + "-F" + m[2] + "-S" + m[3];
          label.href = "#" + letterId + "-F" + m[2];
          label.textContent = String(m[2]);
          label.setAttribute("aria-label", "evidence of finding " + m[2] + ", back to the finding");
          line.appendChild(label);
        }
      }
      if (to <= from) continue;
      const piece = text.slice(from, to).replace(/\r$/, "");
      const covering = marks.filter(function (m) { return m[0] <= from && m[1] >= to; });
      if (covering.length === 0) { line.appendChild(document.createTextNode(piece)); continue; }
      const mark = document.createElement("mark");
      if (covering.length > 1) mark.className = "multi";
      mark.title = "finding " + covering.map(function (m) { return m[2]; }).join(", ");
      mark.textContent = piece;
      line.appendChild(mark);
    }
    return line;
  }

  function openLetter(letter) {
    const details = letter.querySelector("details");
    renderText(letter);
    if (!details.open) details.open = true;
  }

  // Go to an element of a letter, rendering the letter's text first when the target is in it.
  function reveal(id) {
    const letterId = (/^(L\d+)/.exec(id) || [])[1];
    const letter = letterId && document.getElementById(letterId);
    if (!letter) return null;
    letter.hidden = false;
    openLetter(letter);
    const target = document.getElementById(id);
    if (target) { target.scrollIntoView({block: "center"}); target.focus({preventScroll: true}); }
    return target;
  }

  function visibleFindings() {
    return findings.filter(function (f) { return !f.hidden && !f.closest("article.letter").hidden; });
  }

  function step(direction) {
    const shown = visibleFindings();
    if (shown.length === 0) return;
    const current = document.activeElement && document.activeElement.closest(".finding");
    let index = current ? shown.indexOf(current) : -1;
    index = index < 0 ? (direction > 0 ? 0 : shown.length - 1) : (index + direction + shown.length) % shown.length;
    reveal(shown[index].id);
  }

  function explain(code) {
    const doc = document.getElementById("explain-" + code);
    const dialog = document.getElementById("explain-dialog");
    if (!doc || !dialog.showModal) return false;
    document.getElementById("explain-title").textContent = doc.querySelector("h3").textContent;
    document.getElementById("explain-text").textContent = doc.querySelector("pre").textContent;
    dialog.showModal();
    return true;
  }

  function followHash(hash) {
    const link = /^#(code|outcome|treatment)=(.+)$/.exec(hash);
    if (link) {
      if (link[1] === "code") onlyCode(link[2]); else setFacet(link[1], link[2]);
      document.getElementById("letters").scrollIntoView();
      return true;
    }
    if (/^#L\d+/.test(hash)) return reveal(hash.slice(1)) !== null;
    return false;
  }

  document.addEventListener("click", function (event) {
    const anchor = event.target.closest && event.target.closest("a[href^='#']");
    if (!anchor) return;
    if (anchor.classList.contains("explain") && explain(anchor.dataset.code)) { event.preventDefault(); return; }
    const hash = anchor.getAttribute("href");
    if (followHash(hash)) { event.preventDefault(); history.replaceState(null, "", hash); }
  });

  document.addEventListener("toggle", function (event) {
    if (event.target.matches && event.target.matches("details.letter-details") && event.target.open) {
      renderText(event.target.closest("article.letter"));
    }
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const typing = event.target.matches && event.target.matches("input[type=search], input[type=text], textarea");
    if (event.key === "Escape" && typing) { event.target.blur(); return; }
    if (typing) return;
    if (event.key === "j" || event.key === "n") { step(1); event.preventDefault(); }
    else if (event.key === "k" || event.key === "p") { step(-1); event.preventDefault(); }
    else if (event.key === "/") { search.focus(); event.preventDefault(); }
    else if (event.key === "Enter" && event.target.matches(".finding")) {
      const first = event.target.querySelector(".span-link");
      if (first) { reveal(first.getAttribute("href").slice(1)); event.preventDefault(); }
    }
  });

  form.addEventListener("change", applyFilters);
  search.addEventListener("input", applyFilters);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  document.getElementById("reset-filters").addEventListener("click", function () {
    for (const box of form.querySelectorAll("input[type=checkbox]")) box.checked = true;
    search.value = "";
    setFacet(null);
  });
  document.getElementById("facet-clear").addEventListener("click", function () { setFacet(null); });
  document.getElementById("open-all").addEventListener("click", function () {
    for (const letter of letters) if (!letter.hidden) letter.querySelector("details").open = true;
  });
  document.getElementById("close-all").addEventListener("click", function () {
    for (const letter of letters) letter.querySelector("details").open = false;
  });

  // A short report opens whole; a long one stays collapsed so it opens quickly.
  if (letters.length <= 10) for (const letter of letters) openLetter(letter);
  applyFilters();
  if (location.hash) followHash(location.hash);
})();
