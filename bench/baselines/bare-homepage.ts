// The homepage baseline: the same work as marketplace's `GET /` done the simplest possible way. A bare
// node:http server, one Recommend call on a channel with marketplace's settings, and the page's HTML from a
// template literal. No framework, router, middleware, template engine, metrics, logging or security headers:
// the ratio ours/this is what those layers cost.
import http from 'node:http';
import * as grpc from '@grpc/grpc-js';
import type { BookRecommendation__Output } from '@bookstore/shared';
import { loadSharedProto, readConfig } from './baseline-config';
import type { HomepageBaselineConfig } from './baseline-config';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML the way nunjucks' autoescape does, so the baseline is as safe as the real page. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** The homepage marketplace renders, minus the whitespace-only lines its templates leave behind. */
function homepage(books: readonly BookRecommendation__Output[]): string {
  const items = books.map((book) => `\n    <li>${escapeHtml(book.title)}</li>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Online Books For You</title>
  <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/static/style.css">
</head>
<body>
  <header class="masthead">
    <a class="brand" href="/">Online Books For You</a>
    <nav class="categories" aria-label="Categories">
      <a href="/" aria-current="page">Mystery</a>
      <a href="/categories/science-fiction">Science fiction</a>
      <a href="/categories/self-help">Self-help</a>
    </nav>
  </header>
  <main class="content">
  <h1>Mystery books you may like</h1>
  <ul class="books">${items}
  </ul>
  </main>
  <footer class="footer">Recommendations served over gRPC.</footer>
</body>
</html>
`;
}

/** Starts the server; the harness learns it is up by fetching a page. */
async function main(): Promise<void> {
  const config = readConfig<HomepageBaselineConfig>();
  const { Recommendations } = (await loadSharedProto(config)).loadRecommendationsProto();
  const client = new Recommendations(config.target, grpc.credentials.createInsecure(), config.channelOptions);

  const server = http.createServer((_req, res) => {
    client.Recommend(config.request, { deadline: Date.now() + config.deadlineMs }, (error, response) => {
      if (error || !response) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('recommendations unavailable\n');
        return;
      }
      const body = homepage(response.recommendations);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.listen(config.port, config.host);
  process.on('SIGTERM', () => {
    client.close();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bare-homepage failed: ${String(error)}\n`);
  process.exit(1);
});
