// DistrictPerf web UI: cookie sign-in, the bureau's or the finance bureau's overview, full-text search.
// All data is written with textContent; only search fragments use innerHTML, and the API returns
// them HTML-encoded with nothing but <em> marks added.
"use strict";

const $ = (id) => document.getElementById(id);
let me = null;

// The API answers in one language, chosen by Accept-Language: ask for the page's (Chinese), whatever the browser's.
const language = document.documentElement.lang || "zh-CN";

async function api(path, options = {}) {
  const response = await fetch(path, { credentials: "same-origin", headers: { "Content-Type": "application/json", "Accept-Language": language }, ...options });
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const problem = body || {};
    const fields = problem.errors ? Object.values(problem.errors).flat().join("；") : "";
    const error = new Error(fields || problem.detail || problem.title || `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

const wan = (v) => (v == null ? "—" : Number(v).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const pct = (v) => (v == null ? "—" : `${Number(v).toFixed(2)}%`);
const year = () => Number($("year").value) || 2021;
const isHost = () => me && !me.bureauId;
const scopeNames = { Total: "整体预算", Basic: "基本支出", Project: "项目支出" };
const levelNames = { Green: "绿色（正常）", Yellow: "黄色预警", Red: "红色预警" };
const statusNames = { Draft: "草稿", Submitted: "已提交", Returned: "已退回", Approved: "已审定", Published: "已公开", Superseded: "已替代" };

async function showApp() {
  me = await api("/api/auth/me");
  $("login").hidden = true;
  $("app").hidden = false;
  $("who").hidden = false;
  $("who-name").textContent = `${me.displayName || me.userName}${me.bureauCode ? "（" + me.bureauCode + "）" : "（财政局）"}`;
  $("bureau-view").hidden = isHost();
  $("host-view").hidden = !isHost();
  await refresh();
}

async function refresh() {
  if (isHost()) {
    const data = await api(`/api/host/budgets/${year()}/figures?month=12`);
    $("h-progress").textContent = `截至 ${data.year} 年 ${data.month} 月末，序时进度 ${pct(data.timeProgress)}`;
    const body = $("h-table").querySelector("tbody");
    body.replaceChildren(...data.bureaus.map((b) => {
      const row = document.createElement("tr");
      for (const text of [b.name, wan(b.total.adjustedWanYuan), wan(b.total.spendingWanYuan), pct(b.total.executionRate)]) {
        const cell = document.createElement("td");
        cell.textContent = text;
        row.append(cell);
      }
      return row;
    }));
    await ranking();
  } else {
    const figures = await api(`/api/bureau/budgets/${year()}/figures?month=12`);
    $("b-adjusted").textContent = wan(figures.total.adjustedWanYuan);
    $("b-spending").textContent = wan(figures.total.spendingWanYuan);
    $("b-rate").textContent = pct(figures.total.executionRate);
    const warnings = await api(`/api/bureau/alerts/${year()}/warnings`);
    const rows = $("b-warnings").querySelector("tbody");
    rows.replaceChildren(...warnings
      .sort((a, b) => b.month - a.month || Object.keys(scopeNames).indexOf(a.scope) - Object.keys(scopeNames).indexOf(b.scope))
      .map((w) => {
        const row = document.createElement("tr");
        row.className = `level-${w.level.toLowerCase()}`;
        for (const text of [`${w.month} 月`, scopeNames[w.scope] || w.scope, levelNames[w.level] || w.level, pct(w.executionRate), pct(w.timeProgress), w.gapPoints == null ? "—" : Number(w.gapPoints).toFixed(2)]) {
          const cell = document.createElement("td");
          cell.textContent = text;
          row.append(cell);
        }
        return row;
      }));
    $("b-no-warnings").hidden = warnings.length > 0;
    const inbox = await api("/api/inbox");
    $("inbox").replaceChildren(...inbox.map((n) => {
      const item = document.createElement("li");
      const title = document.createElement("strong");
      title.textContent = n.title;
      const body = document.createElement("p");
      body.textContent = n.body;
      item.append(title, body);
      return item;
    }));
    $("inbox-empty").hidden = inbox.length > 0;
    try {
      const report = await api(`/api/bureau/reports/${year()}`);
      $("b-report").textContent = statusNames[report.status] || report.status;
      $("b-score").textContent = `系统评分 ${report.computedScore} 分（${report.computedGrade}）`;
    } catch (error) {
      if (error.status !== 404) throw error;
      $("b-report").textContent = "未创建";
      $("b-score").textContent = "";
    }
  }
}

async function ranking() {
  const month = Number($("ranking-month").value) || 6;
  $("ranking-xlsx").href = `/api/host/alerts/${year()}/${month}/ranking.xlsx`;
  const rows = await api(`/api/host/alerts/${year()}/${month}/ranking`);
  $("ranking").querySelector("tbody").replaceChildren(...rows.map((r) => {
    const row = document.createElement("tr");
    row.className = r.level ? `level-${r.level.toLowerCase()}` : "";
    for (const text of [String(r.rank), r.name, pct(r.executionRate), r.gapPoints == null ? "—" : Number(r.gapPoints).toFixed(2), levelNames[r.level] || "—"]) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.append(cell);
    }
    return row;
  }));
  $("ranking-empty").hidden = rows.length > 0;
}

async function search(event) {
  event.preventDefault();
  $("search-error").hidden = true;
  const q = $("q").value.trim();
  const path = isHost() ? "/api/host/search" : "/api/bureau/search";
  try {
    const page = await api(`${path}?q=${encodeURIComponent(q)}&year=${year()}`);
    $("search-summary").textContent = `共 ${page.total} 份报告 / ${page.total} report(s)`;
    $("search-results").replaceChildren(...page.hits.map((hit) => {
      const item = document.createElement("li");
      const title = document.createElement("strong");
      title.textContent = `${hit.bureauName} · ${hit.fiscalYear} 年自评报告（第 ${hit.revision} 版，${statusNames[hit.status] || hit.status}）`;
      item.append(title);
      for (const fragment of hit.fragments) {
        const p = document.createElement("p");
        const label = document.createElement("span");
        label.className = "unit";
        label.textContent = `${fragment.title}：`;
        const text = document.createElement("span");
        text.className = "fragment";
        text.innerHTML = fragment.html; // encoded by the API; only <em> marks
        p.append(label, text);
        item.append(p);
      }
      return item;
    }));
  } catch (error) {
    $("search-error").textContent = error.message;
    $("search-error").hidden = false;
  }
}

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  $("login-error").hidden = true;
  try {
    await api("/api/auth/login?useCookies=true", {
      method: "POST",
      body: JSON.stringify({ bureauCode: form.get("bureauCode") || null, userName: form.get("userName"), password: form.get("password") }),
    });
    await showApp();
  } catch (error) {
    $("login-error").textContent = `登录失败：${error.message}`;
    $("login-error").hidden = false;
  }
});

$("logout").addEventListener("click", async () => {
  await api("/api/auth/logout", { method: "POST" }).catch(() => {});
  location.reload();
});

$("year-form").addEventListener("submit", (event) => { event.preventDefault(); refresh().catch((e) => alert(e.message)); });
$("search-form").addEventListener("submit", search);
$("ranking-form").addEventListener("submit", (event) => { event.preventDefault(); ranking().catch((e) => alert(e.message)); });

// Already signed in (cookie)? Go straight to the overview.
showApp().catch(() => { $("login").hidden = false; });
