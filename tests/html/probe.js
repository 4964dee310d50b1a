// The layout probe of check-report.sh: evaluated in the loaded report page (shoot.py), it
// measures what the browser laid out and returns the findings.
(function () {
  const viewport = window.innerWidth;
  const shown = (el) => {
    const style = getComputedStyle(el);
    return style.display !== "none" && style.visibility !== "hidden" && el.getClientRects().length > 0;
  };
  // A box that scrolls sideways holds its content: what is past the screen's edge in it can
  // be scrolled to. The box itself must fit.
  const scroller = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if (x === "auto" || x === "scroll") {
        return p;
      }
    }
    return null;
  };
  const name = (el) => {
    const text = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return el.tagName.toLowerCase() + (text ? ' "' + text + '"' : "");
  };
  const cut = [];
  const illegible = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent.trim() || el.closest("script, title, style") || !shown(el)) {
      continue;
    }
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) {
      continue;
    }
    const holder = scroller(el);
    const limit = holder ? holder.getBoundingClientRect() : { left: 0, right: viewport };
    if (!holder && (box.left < -0.5 || box.right > viewport + 0.5)) {
      cut.push(name(el) + " at " + Math.round(box.left) + "-" + Math.round(box.right));
    } else if (holder && (limit.left < -0.5 || limit.right > viewport + 0.5)) {
      cut.push("the scrolling box of " + name(el));
    }
    // Text in SVG is scaled with its drawing: its size on screen is the font size times the
    // drawing's scale.
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest("svg");
    if (svg && svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width > 0) {
      size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    }
    if (size < 9) {
      illegible.push(name(el) + " at " + size.toFixed(1) + " px");
    }
  }
  const charts = [...document.querySelectorAll(".chart svg")].filter(shown);
  for (const svg of charts) {
    const box = svg.getBoundingClientRect();
    if (box.left < -0.5 || box.right > viewport + 0.5) {
      cut.push("chart " + name(svg.querySelector("title") || svg));
    }
  }
  const result = {
    viewport: viewport,
    page_width: document.documentElement.scrollWidth,
    charts_shown: charts.length,
    chart_widths: charts.map((svg) => Math.round(svg.getBoundingClientRect().width)),
    cards: [...document.querySelectorAll(".card .value")].filter(shown).slice(0, 4)
      .map((el) => el.textContent.trim()),
    cut_off: [...new Set(cut)].slice(0, 10),
    illegible: [...new Set(illegible)].slice(0, 10),
  };
  return result;
})();
