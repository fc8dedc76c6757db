// The chat page's HTML shell. The same function serves the real view and the Chromium tests, so the
// tests run under exactly the CSP users get.

export interface ChatHtmlOptions {
  /** webview.cspSource: the only origin scripts, styles, images and fonts may come from. */
  cspSource: string;
  /** Fresh per render, from a cryptographic source. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
}

export function chatHtml(options: ChatHtmlOptions): string {
  const { cspSource, nonce } = options;
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(options.codiconUri)}">
<link rel="stylesheet" href="${escapeAttribute(options.styleUri)}">
<title>Gearshift Chat</title>
</head>
<body>
<div id="app"></div>
<script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(options.scriptUri)}"></script>
</body>
</html>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
