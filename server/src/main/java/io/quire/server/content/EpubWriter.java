package io.quire.server.content;

import io.quire.ot.Delta;
import io.quire.ot.Embed;
import io.quire.ot.Op;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a book as an EPUB 3 file, built by hand with {@link java.util.zip}:
 * <pre>
 * mimetype                 first, STORED (uncompressed, no extra field): "application/epub+zip"
 * META-INF/container.xml   points at OEBPS/content.opf
 * OEBPS/content.opf        package: dc:identifier (urn:uuid), dc:title, dc:language, dc:creator per author,
 *                          dcterms:modified; manifest; spine = nav.xhtml, then every chapter in order
 * OEBPS/nav.xhtml          EPUB 3 navigation document: nav epub:type="toc" listing the chapter titles
 * OEBPS/chapter-N.xhtml    one per chapter (N from 1): its title as h1, its content as DeltaHtml.toXhtml writes
 *                          it, headings shifted down one level
 * OEBPS/style.css          the stylesheet shared with the HTML export
 * </pre>
 * Images stay remote URLs and are not packaged: a reader shows them only when online, and strict validators
 * (epubcheck) report remote images as errors, as EPUB 3.3 allows only audio, video and fonts to be remote. Chapters
 * that reference them are marked {@code properties="remote-resources"} in the manifest. Videos are links.
 * Entry times are the book's modified time, so the same book gives the same bytes.
 */
public final class EpubWriter {
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*");
    /** The earliest time a ZIP entry holds without an extended-timestamp extra field. */
    private static final long DOS_EPOCH = Instant.parse("1980-01-02T00:00:00Z").toEpochMilli();

    private EpubWriter() {
    }

    /** Writes the EPUB with an identifier derived from the title and modified time (a name-based UUID). */
    public static void write(ExportBook book, OutputStream out) throws IOException {
        UUID id = UUID.nameUUIDFromBytes((book.title() + "\n" + book.modified()).getBytes(StandardCharsets.UTF_8));
        write(book, id, out);
    }

    /** Writes the EPUB with the given identifier. Finishes the archive but leaves {@code out} open. */
    public static void write(ExportBook book, UUID identifier, OutputStream out) throws IOException {
        List<ExportChapter> chapters = book.chapters().isEmpty()
                ? List.of(new ExportChapter("1", book.displayTitle(), Delta.ofText("\n")))
                : book.chapters();
        String language = LANGUAGE_TAG.matcher(book.language()).matches() ? book.language() : "und";
        long time = Math.max(DOS_EPOCH, book.modified().toEpochMilli());
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        byte[] mimetype = "application/epub+zip".getBytes(StandardCharsets.US_ASCII);
        ZipEntry first = new ZipEntry("mimetype");
        first.setMethod(ZipEntry.STORED);
        first.setSize(mimetype.length);
        first.setCompressedSize(mimetype.length);
        CRC32 crc = new CRC32();
        crc.update(mimetype);
        first.setCrc(crc.getValue());
        first.setTime(time);
        zip.putNextEntry(first);
        zip.write(mimetype);
        zip.closeEntry();

        put(zip, time, "META-INF/container.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
                  <rootfiles>
                    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
                  </rootfiles>
                </container>
                """);
        put(zip, time, "OEBPS/content.opf", packageDocument(book, chapters, identifier, language));
        put(zip, time, "OEBPS/nav.xhtml", navigation(book, chapters, language));
        put(zip, time, "OEBPS/style.css", BookStyle.CSS);
        for (int i = 0; i < chapters.size(); i++) {
            put(zip, time, "OEBPS/chapter-" + (i + 1) + ".xhtml", chapter(chapters.get(i), i, language));
        }
        zip.finish();
    }

    private static void put(ZipOutputStream zip, long time, String name, String content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(time);
        zip.putNextEntry(entry);
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static String packageDocument(ExportBook book, List<ExportChapter> chapters, UUID identifier, String language) {
        StringBuilder opf = new StringBuilder(2048);
        opf.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"book-id\" xml:lang=\"")
                .append(language).append("\">\n")
                .append("  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n")
                .append("    <dc:identifier id=\"book-id\">urn:uuid:").append(identifier).append("</dc:identifier>\n")
                .append("    <dc:title>").append(Markup.text(book.displayTitle(), true)).append("</dc:title>\n")
                .append("    <dc:language>").append(language).append("</dc:language>\n");
        for (int i = 0; i < book.authors().size(); i++) {
            opf.append("    <dc:creator id=\"creator-").append(i + 1).append("\">")
                    .append(Markup.text(book.authors().get(i), true)).append("</dc:creator>\n");
        }
        String modified = DateTimeFormatter.ISO_INSTANT.format(book.modified().truncatedTo(ChronoUnit.SECONDS));
        opf.append("    <meta property=\"dcterms:modified\">").append(modified).append("</meta>\n")
                .append("  </metadata>\n  <manifest>\n")
                .append("    <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n")
                .append("    <item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n");
        for (int i = 0; i < chapters.size(); i++) {
            opf.append("    <item id=\"chapter-").append(i + 1).append("\" href=\"chapter-").append(i + 1)
                    .append(".xhtml\" media-type=\"application/xhtml+xml\"")
                    .append(hasRemoteImages(chapters.get(i).content()) ? " properties=\"remote-resources\"/>\n" : "/>\n");
        }
        opf.append("  </manifest>\n  <spine>\n    <itemref idref=\"nav\"/>\n");
        for (int i = 0; i < chapters.size(); i++) {
            opf.append("    <itemref idref=\"chapter-").append(i + 1).append("\"/>\n");
        }
        return opf.append("  </spine>\n</package>\n").toString();
    }

    private static boolean hasRemoteImages(Delta content) {
        for (Op op : content.ops()) {
            if (op instanceof Op.Insert insert && !insert.isText()) {
                Embed embed = insert.embed();
                if (embed.asMap().get(Formats.IMAGE) instanceof String url
                        && url.strip().toLowerCase(Locale.ROOT).startsWith("http")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String navigation(ExportBook book, List<ExportChapter> chapters, String language) {
        StringBuilder body = new StringBuilder(1024);
        body.append("<nav epub:type=\"toc\" id=\"toc\">\n<h1>").append(Markup.text(book.displayTitle(), true))
                .append("</h1>\n<ol>\n");
        for (int i = 0; i < chapters.size(); i++) {
            body.append("<li><a href=\"chapter-").append(i + 1).append(".xhtml\">")
                    .append(Markup.text(ExportBook.displayTitle(chapters.get(i), i), true)).append("</a></li>\n");
        }
        body.append("</ol>\n</nav>\n");
        return xhtmlPage("Contents", language, body);
    }

    private static String chapter(ExportChapter chapter, int index, String language) {
        String title = Markup.text(ExportBook.displayTitle(chapter, index), true);
        StringBuilder body = new StringBuilder(4096);
        body.append("<section epub:type=\"chapter\" id=\"chapter-").append(index + 1).append("\">\n<h1>").append(title).append("</h1>\n")
                .append(DeltaHtml.write(chapter.content(), true, 1))
                .append("</section>\n");
        return xhtmlPage(title, language, body);
    }

    /** @param title already escaped */
    private static String xhtmlPage(String title, String language, CharSequence body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
                + "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\""
                + language + "\" lang=\"" + language + "\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>" + title + "</title>\n"
                + "<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }
}
