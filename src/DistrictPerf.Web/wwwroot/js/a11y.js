// Accessibility fixes the component library does not make itself (checked by AccessibilityTests with axe-core):
// - AntDesign draws every icon as <span role="img"> without a name; an icon beside a text is decoration, so it is
//   hidden from assistive technology (an icon that carries a name keeps it);
// - the side menu's collapse trigger is a bare <div>: it becomes a named button that Tab reaches and Enter/Space press;
// - a form item's label names its field when the component dropped the field's aria-label;
// - table filter triggers, pagination arrows and select boxes get the names and states AntDesign leaves out
//   (its pagination writes aria-disabled="nextDisabled"); a select takes its name from the nearest
//   data-a11y-label around it;
// - <html lang> follows the interface language.
(() => {
  const english = () => document.documentElement.lang === "en";
  const menuLabel = () => (english() ? "Menu" : "菜单");
  const set = (el, name, value) => {
    if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  };

  function fix(root) {
    root.querySelectorAll?.('span.anticon[role="img"]:not([aria-label]), span.anticon[role="img"][aria-label=""]').forEach((icon) => {
      icon.removeAttribute("role");
      icon.removeAttribute("aria-label");
      icon.removeAttribute("alt");
      icon.setAttribute("aria-hidden", "true");
    });
    root.querySelectorAll?.(".ant-table-filter-trigger").forEach((t) => set(t, "aria-label", english() ? "Filter" : "筛选"));
    root.querySelectorAll?.(".ant-pagination-prev, .ant-pagination-next").forEach((li) => {
      set(li, "aria-disabled", li.classList.contains("ant-pagination-disabled") ? "true" : "false");
      const button = li.querySelector("button");
      if (button && li.title) set(button, "aria-label", li.title);
    });
    root.querySelectorAll?.('input[role="combobox"]').forEach((input) => {
      const select = input.closest(".ant-select");
      set(input, "aria-expanded", select && select.classList.contains("ant-select-open") ? "true" : "false");
      if (input.getAttribute("aria-label") || (input.id && document.querySelector(`label[for="${CSS.escape(input.id)}"]`))) return;
      const named = input.closest("[data-a11y-label]");
      if (named) set(input, "aria-label", named.dataset.a11yLabel);
      else if (input.closest(".ant-pagination-options")) set(input, "aria-label", english() ? "Rows per page" : "每页条数");
    });
    // A form item's label names its field when the component dropped the field's own name (TextArea drops aria-label).
    root.querySelectorAll?.(".ant-form-item textarea, .ant-form-item input:not([type=hidden]):not([type=radio]):not([type=checkbox])").forEach((field) => {
      if (field.getAttribute("aria-label") || field.getAttribute("aria-labelledby") || (field.id && document.querySelector(`label[for="${CSS.escape(field.id)}"]`))) return;
      const label = field.closest(".ant-form-item")?.querySelector(".ant-form-item-label label");
      if (label && label.textContent.trim()) set(field, "aria-label", label.textContent.trim());
    });
    root.querySelectorAll?.(".ant-layout-sider-trigger, .ant-layout-sider-zero-width-trigger").forEach((trigger) => {
      if (trigger.dataset.a11y) return;
      trigger.dataset.a11y = "1";
      trigger.setAttribute("role", "button");
      trigger.setAttribute("tabindex", "0");
      trigger.setAttribute("aria-label", menuLabel());
      trigger.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          trigger.click();
        }
      });
    });
  }

  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "attributes") {
        const scope = change.target.closest?.(".ant-select, .ant-pagination");
        if (scope) fix(scope);
        else if (change.attributeName === "role" && change.target.parentNode) fix(change.target.parentNode);
      }
      change.addedNodes.forEach((node) => node.nodeType === 1 && fix(node.parentNode || node));
    }
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["role", "class", "aria-disabled"] });

  window.districtPerfA11y = {
    setLanguage(lang) {
      document.documentElement.lang = lang;
    },
  };
})();
