package io.quire.server.it;

import static io.quire.server.it.Api.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Chapter contents over HTTP in every format, edits that become ops, and whole-book export: what goes out in a
 * format comes back in unchanged, and a refused request changes nothing.
 */
class ContentApiTest {
    static final String SECRET = "content-test-secret-that-is-long-enough-7";

    @RegisterExtension
    static final SecuredServer server = new SecuredServer(SECRET);

    Api owner;
    Api viewer;
    String b;


    static Api as(String user) {
        return server.as(user);
    }

    @BeforeEach
    void book() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        owner = as("ana-" + run);
        viewer = as("vic-" + run);
        b = "/books/" + owner.post("/books", object().put("title", "Été & <Friends>")).ok().path("id").asText();
        owner.post(b + "/members", object().put("userId", "vic-" + run).put("role", "viewer")).ok();
    }

    /** A chapter using every format HTML carries: headings, inline formats, a link, lists, a quote, code, an image. */
    static ArrayNode rich() {
        ArrayNode ops = NodeScripts.JSON.createArrayNode();
        ops.add(object().put("insert", "The Start"));
        ops.add(attributed("\n", object().put("header", 1)));
        ops.add(object().put("insert", "Plain, "));
        ops.add(attributed("bold", object().put("bold", true)));
        ops.add(object().put("insert", ", "));
        ops.add(attributed("italic", object().put("italic", true)));
        ops.add(object().put("insert", " and "));
        ops.add(attributed("a link", object().put("link", "https://example.com/a?b=1&c=2")));
        ops.add(object().put("insert", " with <angles> & \"quotes\" and 😀.\nFirst"));
        ops.add(attributed("\n", object().put("list", "bullet")));
        ops.add(object().put("insert", "Second"));
        ops.add(attributed("\n", object().put("list", "bullet")));
        ops.add(object().put("insert", "A quote"));
        ops.add(attributed("\n", object().put("blockquote", true)));
        ops.add(object().put("insert", "let x = 1;"));
        ops.add(attributed("\n", object().put("code-block", true)));
        ops.add(object().set("insert", object().put("image", "https://example.com/cat.png")));
        ops.add(object().put("insert", "\n"));
        return ops;
    }

    static ObjectNode attributed(String text, ObjectNode attributes) {
        ObjectNode op = object().put("insert", text);
        op.set("attributes", attributes);
        return op;
    }

    String addChapter(String title, ArrayNode ops) {
        ObjectNode body = object().put("title", title);
        body.set("content", object().set("ops", ops));
        return owner.post(b + "/chapters", body).ok().path("id").asText();
    }

    JsonNode delta(String chapter) {
        return viewer.get(b + "/chapters/" + chapter + "/content").ok().path("content").path("ops");
    }

    @Test
    void htmlOutComesBackInAsTheSameChapter() {
        String one = addChapter("One", rich());
        Api.Reply html = viewer.get(b + "/chapters/" + one + "/content?format=html");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.header("content-type")).startsWith("text/html");
        assertThat(html.raw()).contains("<h1>The Start</h1>", "<strong>bold</strong>", "&lt;angles&gt;", "😀");

        String copy = addChapter("Copy", NodeScripts.JSON.createArrayNode().add(object().put("insert", "\n")));
        assertThat(owner.put(b + "/chapters/" + copy + "/content", "text/html", html.raw()).status()).isEqualTo(200);
        assertThat(delta(copy)).isEqualTo(delta(one));
    }

    @Test
    void markdownAndTextRoundTrip() {
        ArrayNode ops = NodeScripts.JSON.createArrayNode();
        ops.add(object().put("insert", "Title"));
        ops.add(attributed("\n", object().put("header", 2)));
        ops.add(object().put("insert", "Some "));
        ops.add(attributed("strong", object().put("bold", true)));
        ops.add(object().put("insert", " words * not a list and a "));
        ops.add(attributed("link", object().put("link", "https://example.com")));
        ops.add(object().put("insert", ".\nItem"));
        ops.add(attributed("\n", object().put("list", "ordered")));
        String one = addChapter("Md", ops);
        String markdown = viewer.get(b + "/chapters/" + one + "/content?format=markdown").raw();
        assertThat(markdown).contains("## Title", "**strong**", "[link](https://example.com)");
        String copy = addChapter("Copy", NodeScripts.JSON.createArrayNode().add(object().put("insert", "\n")));
        owner.put(b + "/chapters/" + copy + "/content", "text/markdown", markdown).ok();
        assertThat(delta(copy)).isEqualTo(delta(one));

        String text = viewer.get(b + "/chapters/" + one + "/content?format=text").raw();
        assertThat(text).isEqualTo("Title\nSome strong words * not a list and a link.\nItem\n");
        owner.put(b + "/chapters/" + copy + "/content", "text/plain", "Line one\r\nLine two").ok();
        assertThat(viewer.get(b + "/chapters/" + copy + "/content?format=text").raw()).isEqualTo("Line one\nLine two\n");
    }

    @Test
    void aReplaceIsOneOpByTheCallerAndIfMatchGuardsIt() {
        String one = addChapter("One", rich());
        Api.Reply current = viewer.get(b + "/chapters/" + one + "/content");
        String etag = current.header("etag");
        assertThat(etag).isEqualTo("\"v" + current.body().path("version").asLong() + "\"");

        Api.Reply replaced = owner.send("PUT", b + "/chapters/" + one + "/content", "text/plain", "New text", "If-Match", etag);
        assertThat(replaced.status()).as(replaced.raw()).isEqualTo(200);
        long version = replaced.body().path("version").asLong();
        assertThat(version).isEqualTo(current.body().path("version").asLong() + 1);
        JsonNode last = owner.get(b + "/chapters/" + one + "/revisions?group=ops").ok().path("revisions").get(0);
        assertThat(last.path("author").asText()).startsWith("ana-");

        Api.Reply stale = owner.send("PUT", b + "/chapters/" + one + "/content", "text/plain", "Lost update", "If-Match", etag);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(viewer.get(b + "/chapters/" + one + "/content?format=text").raw()).isEqualTo("New text\n");
        assertThat(owner.send("PUT", b + "/chapters/" + one + "/content", "text/plain", "Weak", "If-Match",
                "W/\"v" + version + "\"").status()).isEqualTo(200);
        assertThat(owner.send("PUT", b + "/chapters/" + one + "/content", "text/plain", "Any", "If-Match", "*").status())
                .isEqualTo(200);
        assertThat(viewer.get(b + "/chapters/" + one + "/content?format=text").raw()).isEqualTo("Any\n");
    }

    @Test
    void opsMadeOnAnOldVersionAreTransformedLikeAClientsOp() {
        String one = addChapter("One", NodeScripts.JSON.createArrayNode().add(object().put("insert", "abc\n")));
        long base = viewer.get(b + "/chapters/" + one + "/content").ok().path("version").asLong();
        ObjectNode first = object().put("version", base);
        first.set("ops", NodeScripts.JSON.createArrayNode().add(object().put("insert", "X")));
        ObjectNode second = object().put("version", base);
        second.set("ops", NodeScripts.JSON.createArrayNode().add(object().put("retain", 3)).add(object().put("insert", "Y")));
        owner.post(b + "/chapters/" + one + "/ops", first).ok();
        owner.post(b + "/chapters/" + one + "/ops", second).ok();
        assertThat(viewer.get(b + "/chapters/" + one + "/content?format=text").raw()).isEqualTo("XabcY\n");
    }

    @Test
    void badContentRequestsAreRefusedAndChangeNothing() {
        String one = addChapter("One", NodeScripts.JSON.createArrayNode().add(object().put("insert", "keep me\n")));
        String path = b + "/chapters/" + one + "/content";
        assertThat(owner.put(path, "application/pdf", "%PDF").status()).isEqualTo(415);
        assertThat(owner.put(path, "application/json", "{oops").status()).isEqualTo(400);
        assertThat(owner.put(path, "application/json", "{\"ops\":[{\"retain\":2}]}").status()).isEqualTo(400);
        assertThat(viewer.put(path, "text/plain", "viewer was here").status()).isEqualTo(403);
        assertThat(viewer.get(path + "?format=pdf").status()).isEqualTo(400);
        ObjectNode tooLong = object().put("version", 1);
        tooLong.set("ops", NodeScripts.JSON.createArrayNode().add(object().put("retain", 100)).add(object().put("insert", "x")));
        assertThat(owner.post(b + "/chapters/" + one + "/ops", tooLong).status()).isEqualTo(400);
        ObjectNode future = object().put("version", 99);
        future.set("ops", NodeScripts.JSON.createArrayNode().add(object().put("insert", "x")));
        assertThat(owner.post(b + "/chapters/" + one + "/ops", future).status()).isEqualTo(400);
        assertThat(owner.put(b + "/chapters/missing/content", "text/plain", "x").status()).isEqualTo(404);
        assertThat(viewer.get(path + "?format=text").raw()).isEqualTo("keep me\n");
    }

    @Test
    void theBookExportsAsHtmlMarkdownAndAValidEpub() throws Exception {
        addChapter("One", rich());
        addChapter("Two & more", NodeScripts.JSON.createArrayNode().add(object().put("insert", "The second chapter.\n")));

        Api.Reply html = viewer.get(b + "/export?format=html");
        assertThat(html.header("content-disposition")).contains("attachment", ".html");
        assertThat(html.raw()).contains("Été &amp; &lt;Friends&gt;", "The Start", "Two &amp; more", "The second chapter.");
        assertThat(html.raw().indexOf("The Start")).isLessThan(html.raw().indexOf("The second chapter."));

        Api.Reply markdown = viewer.get(b + "/export?format=markdown");
        assertThat(markdown.raw()).contains("The second chapter.", "**bold**");

        Api.Reply epub = viewer.get(b + "/export?format=epub");
        assertThat(epub.header("content-type")).isEqualTo("application/epub+zip");
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<ZipEntry> entries = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(epub.response().body()))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.add(entry);
                files.put(entry.getName(), zip.readAllBytes());
            }
        }
        assertThat(entries.get(0).getName()).isEqualTo("mimetype");
        assertThat(entries.get(0).getMethod()).isEqualTo(ZipEntry.STORED);
        assertThat(new String(files.get("mimetype"), StandardCharsets.US_ASCII)).isEqualTo("application/epub+zip");
        Document container = xml(files.get("META-INF/container.xml"));
        String opfPath = container.getElementsByTagName("rootfile").item(0).getAttributes().getNamedItem("full-path").getNodeValue();
        Document opf = xml(files.get(opfPath));
        NodeList spine = opf.getElementsByTagName("itemref");
        assertThat(spine.getLength()).isGreaterThanOrEqualTo(2);
        StringBuilder allText = new StringBuilder();
        String base = opfPath.contains("/") ? opfPath.substring(0, opfPath.lastIndexOf('/') + 1) : "";
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            if (file.getKey().endsWith(".xhtml")) {
                allText.append(xml(file.getValue()).getDocumentElement().getTextContent());
            }
        }
        assertThat(allText.toString()).contains("The Start", "The second chapter.", "😀");
        assertThat(files.keySet()).anyMatch(name -> name.startsWith(base) && name.endsWith(".xhtml"));
        assertThat(opf.getElementsByTagName("dc:title").item(0).getTextContent()).isEqualTo("Été & <Friends>");
    }

    static Document xml(byte[] bytes) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
    }
}
