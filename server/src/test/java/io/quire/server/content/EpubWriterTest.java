package io.quire.server.content;

import io.quire.ot.Delta;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class EpubWriterTest {
    private static final String OPF = "http://www.idpf.org/2007/opf";
    private static final String DC = "http://purl.org/dc/elements/1.1/";
    private static final String CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container";
    private static final String OPS = "http://www.idpf.org/2007/ops";

    private static byte[] epub(ExportBook book) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EpubWriter.write(book, out);
        return out.toByteArray();
    }

    /** The archive's entries in order, name to content; checks each entry's method along the way. */
    private static Map<String, byte[]> unzip(byte[] epub) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(epub), StandardCharsets.UTF_8)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals("mimetype")) {
                    assertThat(entry.getMethod()).isEqualTo(ZipEntry.STORED);
                    assertThat(entry.getExtra()).isNull();
                }
                assertThat(entries.put(entry.getName(), zip.readAllBytes())).as("duplicate %s", entry.getName()).isNull();
            }
        }
        return entries;
    }

    @Test
    void mimetypeIsTheFirstEntryStoredUncompressed() throws Exception {
        byte[] epub = epub(Books.sample());
        ByteBuffer header = ByteBuffer.wrap(epub).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(header.getInt(0)).isEqualTo(0x04034b50);           // local file header
        assertThat(header.getShort(8)).isEqualTo((short) 0);          // method: stored
        assertThat(header.getShort(26)).isEqualTo((short) 8);         // name length
        assertThat(header.getShort(28)).isEqualTo((short) 0);         // no extra field
        assertThat(new String(epub, 30, 8, StandardCharsets.US_ASCII)).isEqualTo("mimetype");
        assertThat(new String(epub, 38, 20, StandardCharsets.US_ASCII)).isEqualTo("application/epub+zip");
        assertThat(unzip(epub).keySet()).first().isEqualTo("mimetype");
    }

    @Test
    void everyXmlFileParsesAndTheContainerPointsAtThePackage() throws Exception {
        Map<String, byte[]> entries = unzip(epub(Books.sample()));
        assertThat(entries.keySet()).containsExactly("mimetype", "META-INF/container.xml", "OEBPS/content.opf",
                "OEBPS/nav.xhtml", "OEBPS/style.css", "OEBPS/chapter-1.xhtml", "OEBPS/chapter-2.xhtml", "OEBPS/chapter-3.xhtml");
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            if (entry.getKey().matches(".*\\.(xml|opf|xhtml)")) {
                XmlFiles.parse(entry.getValue());
            }
        }
        Document container = XmlFiles.parse(entries.get("META-INF/container.xml"));
        Element rootfile = XmlFiles.elements(container, CONTAINER, "rootfile").get(0);
        assertThat(rootfile.getAttribute("full-path")).isEqualTo("OEBPS/content.opf");
        assertThat(rootfile.getAttribute("media-type")).isEqualTo("application/oebps-package+xml");
    }

    @Test
    void packageMetadata() throws Exception {
        Document opf = XmlFiles.parse(unzip(epub(Books.sample())).get("OEBPS/content.opf"));
        Element pkg = opf.getDocumentElement();
        assertThat(pkg.getAttribute("version")).isEqualTo("3.0");
        Element identifier = XmlFiles.elements(opf, DC, "identifier").get(0);
        assertThat(identifier.getAttribute("id")).isEqualTo(pkg.getAttribute("unique-identifier"));
        UUID expected = UUID.nameUUIDFromBytes(("A Book: <Tales> & \"More\"\n" + Books.MODIFIED).getBytes(StandardCharsets.UTF_8));
        assertThat(identifier.getTextContent()).isEqualTo("urn:uuid:" + expected);
        assertThat(XmlFiles.elements(opf, DC, "title").get(0).getTextContent()).isEqualTo("A Book: <Tales> & \"More\"");
        assertThat(XmlFiles.elements(opf, DC, "language").get(0).getTextContent()).isEqualTo("en");
        assertThat(XmlFiles.elements(opf, DC, "creator").stream().map(Element::getTextContent))
                .containsExactly("Ada Lovelace", "Émile <Zola>");
        Element modified = XmlFiles.elements(opf, OPF, "meta").stream()
                .filter(m -> m.getAttribute("property").equals("dcterms:modified")).findFirst().orElseThrow();
        assertThat(modified.getTextContent()).isEqualTo("2024-05-06T07:08:09Z");
    }

    @Test
    void spineListsEveryChapterInOrderAndEveryItemExists() throws Exception {
        Map<String, byte[]> entries = unzip(epub(Books.sample()));
        Document opf = XmlFiles.parse(entries.get("OEBPS/content.opf"));
        Map<String, Element> manifest = new LinkedHashMap<>();
        for (Element item : XmlFiles.elements(opf, OPF, "item")) {
            manifest.put(item.getAttribute("id"), item);
            assertThat(entries).containsKey("OEBPS/" + item.getAttribute("href"));
        }
        List<String> spine = new ArrayList<>();
        for (Element itemref : XmlFiles.elements(opf, OPF, "itemref")) {
            spine.add(manifest.get(itemref.getAttribute("idref")).getAttribute("href"));
        }
        assertThat(spine).containsExactly("nav.xhtml", "chapter-1.xhtml", "chapter-2.xhtml", "chapter-3.xhtml");
        assertThat(manifest.get("nav").getAttribute("properties")).isEqualTo("nav");
        assertThat(manifest.get("chapter-3").getAttribute("properties")).isEqualTo("remote-resources");
        assertThat(manifest.get("chapter-1").hasAttribute("properties")).isFalse();
    }

    @Test
    void navigationListsChapterTitles() throws Exception {
        Document nav = XmlFiles.parse(unzip(epub(Books.sample())).get("OEBPS/nav.xhtml"));
        Element toc = XmlFiles.elements(nav, XmlFiles.XHTML, "nav").get(0);
        assertThat(toc.getAttributeNS(OPS, "type")).isEqualTo("toc");
        List<Element> links = XmlFiles.elements(nav, XmlFiles.XHTML, "a");
        assertThat(links.stream().map(Element::getTextContent)).containsExactly("Intro <&> \"quoted\"", "Chapter 2", "Ending");
        assertThat(links.stream().map(a -> a.getAttribute("href"))).containsExactly("chapter-1.xhtml", "chapter-2.xhtml", "chapter-3.xhtml");
    }

    @Test
    void chaptersHoldTheirTitleAndTextInOrder() throws Exception {
        Map<String, byte[]> entries = unzip(epub(Books.sample()));
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            Document chapter = XmlFiles.parse(entries.get("OEBPS/chapter-" + i + ".xhtml"));
            assertThat(chapter.getDocumentElement().getAttributeNS("http://www.w3.org/XML/1998/namespace", "lang")).isEqualTo("en");
            Element section = XmlFiles.elements(chapter, XmlFiles.XHTML, "section").get(0);
            assertThat(section.getAttributeNS(OPS, "type")).isEqualTo("chapter");
            assertThat(XmlFiles.elements(chapter, XmlFiles.XHTML, "h1").get(0).getTextContent())
                    .isEqualTo(List.of("Intro <&> \"quoted\"", "Chapter 2", "Ending").get(i - 1));
            all.append(section.getTextContent());
        }
        BookExportTest.assertInOrder(all.toString(), Books.TEXTS);
        Document first = XmlFiles.parse(entries.get("OEBPS/chapter-1.xhtml"));
        assertThat(XmlFiles.elements(first, XmlFiles.XHTML, "h2").get(0).getTextContent()).isEqualTo("Part A");
    }

    @Test
    void sameBookSameBytesAndAGivenIdentifierIsUsed() throws Exception {
        assertThat(epub(Books.sample())).isEqualTo(epub(Books.sample()));
        UUID id = UUID.fromString("12345678-1234-1234-1234-123456789abc");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EpubWriter.write(Books.sample(), id, out);
        Document opf = XmlFiles.parse(unzip(out.toByteArray()).get("OEBPS/content.opf"));
        assertThat(XmlFiles.elements(opf, DC, "identifier").get(0).getTextContent()).isEqualTo("urn:uuid:" + id);
    }

    @Test
    void emptyBookStillHasAChapterAndValidLanguage() throws Exception {
        Map<String, byte[]> entries = unzip(epub(new ExportBook("", "not a language!", List.of(), List.of(), Instant.EPOCH)));
        assertThat(entries).containsKey("OEBPS/chapter-1.xhtml");
        Document opf = XmlFiles.parse(entries.get("OEBPS/content.opf"));
        assertThat(XmlFiles.elements(opf, DC, "language").get(0).getTextContent()).isEqualTo("und");
        assertThat(XmlFiles.elements(opf, DC, "title").get(0).getTextContent()).isEqualTo("Untitled");
        XmlFiles.parse(entries.get("OEBPS/nav.xhtml"));
    }

    @Test
    void randomChaptersAreWellFormed() throws Exception {
        for (int seed = 0; seed < 50; seed++) {
            Random random = new Random(seed);
            List<ExportChapter> chapters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Delta content = RandomDocuments.document(random, RandomDocuments.Profile.HTML);
                chapters.add(new ExportChapter("c" + i, "Chapter \u0001<" + i + "> 😀", content));
            }
            Map<String, byte[]> entries = unzip(epub(new ExportBook("Random \uFFFF" + seed, "en-GB", chapters, List.of("A & B"), Books.MODIFIED)));
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                if (entry.getKey().matches(".*\\.(xml|opf|xhtml)")) {
                    try {
                        XmlFiles.parse(entry.getValue());
                    } catch (Exception e) {
                        throw new AssertionError("seed " + seed + ", " + entry.getKey() + ": " + e + "\n"
                                + new String(entry.getValue(), StandardCharsets.UTF_8), e);
                    }
                }
            }
        }
    }
}
