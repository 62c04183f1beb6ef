// The report pages: take the reader to what a finding is about — scroll to it, focus it, mark it for a moment,
// and in a section's text select the sentence the finding quotes.
window.districtPerfReport = {
  show(id, excerpt) {
    let el = document.getElementById(id);
    if (!el) return false;
    // A task's finding that quotes an indicator (a duplicate, a missing reason): the indicator's row(s) in that task.
    if (id.startsWith("task-") && excerpt) {
      const table = el.nextElementSibling;
      const rows = table ? [...table.querySelectorAll("tbody tr")].filter((tr) => tr.cells[2] && tr.cells[2].textContent.trim() === excerpt.trim()) : [];
      if (rows.length) {
        rows.slice(1).forEach((tr) => { tr.classList.remove("flash"); void tr.offsetWidth; tr.classList.add("flash"); });
        el = rows[0];
      }
    }
    el.scrollIntoView({ behavior: "instant", block: "center" });
    el.focus({ preventScroll: true });
    if (excerpt && typeof el.setSelectionRange === "function") {
      const at = el.value.indexOf(excerpt);
      if (at >= 0) {
        el.setSelectionRange(at, at + excerpt.length);
        // Scroll the text area itself so the selection is in view.
        const before = el.value.slice(0, at).split("\n").length;
        const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 20;
        el.scrollTop = Math.max(0, (before - 3) * lineHeight);
      }
    }
    el.classList.remove("flash");
    void el.offsetWidth; // restart the animation
    el.classList.add("flash");
    return true;
  },
};
