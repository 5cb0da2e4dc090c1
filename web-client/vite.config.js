// Builds the pages the server serves from its classpath folder webroot/: straight into target/classes/webroot,
// emptied first, which web-client/pom.xml packages as a jar. Every HTML file here is an entry: index.html is "Your books" at /, book.html the book page
// (/books/BOOK[/CHAPTER], answered by EmbedRoutes too), embed.html the editor that
// io.quire.server.http.EmbedRoutes answers for /embed/BOOK/CHAPTER. Assets get absolute /assets/... URLs because
// embed.html is served under a path that is not its own.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  base: '/',
  resolve: {
    alias: {
      // The sharedb client needs only util.inherits of Node's util (see the shim); events comes from npm.
      util: resolve(here, 'src/shims/util.js'),
    },
  },
  build: {
    outDir: 'target/classes/webroot',
    emptyOutDir: true,
    // Quill and the sharedb client make one ~300 kB chunk; gzip sizes are not worth the build time here.
    chunkSizeWarningLimit: 1000,
    reportCompressedSize: false,
    rolldownOptions: {
      input: {
        index: resolve(here, 'index.html'),
        embed: resolve(here, 'embed.html'),
        invite: resolve(here, 'invite.html'),
        book: resolve(here, 'book.html'),
      },
    },
  },
});
