/**
 * The two HTML documents the router serves. Neither contains anything a user
 * supplied: the page is a static shell that the browser module fills with
 * text nodes, and the login page's message is one of ours.
 */

const HEAD = `<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="assets/uPlot.min.css">
<link rel="stylesheet" href="assets/dashboard.css">`;

/** The dashboard page: filters, figures, charts and tables. */
export function dashboardPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
${HEAD}
<title>LLM costs · tokenledger</title>
<script type="module" src="assets/main.js"></script>
</head>
<body>
<header class="top">
  <h1>LLM costs</h1>
  <form id="filters" class="filters" autocomplete="off"></form>
</header>
<main>
  <p id="status" class="status" role="status"></p>
  <section id="empty" class="empty" hidden></section>
  <section id="headline" class="headline" aria-label="Headline figures"></section>
  <section class="charts">
    <figure><figcaption>Cost by component</figcaption><div id="chart-components" class="chart"></div></figure>
    <figure><figcaption>Cost by <select id="split"></select></figcaption><div id="chart-split" class="chart"></div></figure>
    <figure><figcaption>Cache read share</figcaption><div id="chart-cache" class="chart"></div></figure>
    <figure><figcaption>Tokens per call</figcaption><div id="chart-tokens" class="chart"></div></figure>
  </section>
  <section id="explain" class="explain"><h2>Why did cost change?</h2><div id="explain-body"></div><h3>Anomalies</h3><div id="anomalies-body"></div></section>
  <section id="cache" class="cache"><h2>Prompt cache</h2><div id="cache-body"></div></section>
  <section id="tables" class="tables"></section>
  <section id="calls" class="calls"><h2>Calls</h2><div id="calls-body"></div></section>
</main>
</body>
</html>
`;
}

/** The login form of a token-protected dashboard. */
export function loginPage(message?: 'That token is not right.'): string {
  const notice = message ? `<p class="error" role="alert">${message}</p>` : '';

  return `<!doctype html>
<html lang="en">
<head>
${HEAD}
<title>Sign in · tokenledger</title>
</head>
<body class="login">
<form method="post" action="login" class="login-form">
  <h1>LLM costs</h1>
  ${notice}
  <label>Dashboard token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
  <button type="submit">Sign in</button>
</form>
</body>
</html>
`;
}
