package news.lucene;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Bulk reads of Lucene results for the Python side: one call into the JVM where pyjnius would
 * make one or two per hit (a proxy object for each ScoreDoc, then a call per field; profiled as
 * a tenth of a query at 100,000 articles).
 *
 * Compiled against the JDK alone: the Lucene classes in Anserini's jar are Java 21 class files,
 * which the machines' javac (17) cannot read, so Lucene is reached by reflection, through its
 * public classes, each member looked up once.
 */
public final class Bulk {
    private static Field scoreDocsField, doc, score;
    private static Method document, get, topChildren, allChildren;
    private static Constructor<?> bytesRef, termInSet;

    private Bulk() {
    }

    /**
     * The hits of a TopDocs in rank order, as pairs: document number, score (NaN when sorted by a
     * field without scores); a double holds either exactly.
     */
    public static double[] hits(Object topDocs) throws ReflectiveOperationException {
        Object[] hits = scoreDocs(topDocs);
        double[] out = new double[2 * hits.length];
        for (int i = 0; i < hits.length; i++) {
            out[2 * i] = doc.getInt(hits[i]);
            out[2 * i + 1] = score.getFloat(hits[i]);
        }
        return out;
    }

    /** The stored field {@code field} of each document, one per line (the values are JSON: no line breaks). */
    public static String stored(Object storedFields, int[] numbers, String field) throws ReflectiveOperationException {
        if (document == null) {
            document = lucene(storedFields, "org.apache.lucene.index.StoredFields").getMethod("document", int.class);
            get = lucene(storedFields, "org.apache.lucene.document.Document").getMethod("get", String.class);
        }
        StringBuilder out = new StringBuilder();
        for (int number : numbers) {
            out.append((String) get.invoke(document.invoke(storedFields, number), field)).append('\n');
        }
        return out.toString();
    }

    /**
     * Each dimension's counted values as Facets prints them ("  value (count)" lines), the
     * dimensions separated by a NUL character: {@code top[i]} values of {@code dims[i]}, every
     * value when {@code top[i]} is 0; an empty text for a dimension without values.
     */
    public static String facets(Object facets, String[] dims, int[] top) throws ReflectiveOperationException {
        if (topChildren == null) {
            Class<?> type = lucene(facets, "org.apache.lucene.facet.Facets");
            topChildren = type.getMethod("getTopChildren", int.class, String.class, String[].class);
            allChildren = type.getMethod("getAllChildren", String.class, String[].class);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            Object result = top[i] > 0 ? topChildren.invoke(facets, top[i], dims[i], new String[0])
                    : allChildren.invoke(facets, dims[i], new String[0]);
            out.append(result == null ? "" : result.toString()).append('\0');
        }
        return out.toString();
    }

    /**
     * A TermInSetQuery on {@code field} for the values in {@code values}, separated by NUL
     * characters: one call into the JVM instead of two per value (the dense channel adds a
     * hundred neighbours to a query).
     */
    public static Object termsQuery(String field, String values) throws ReflectiveOperationException {
        if (termInSet == null) {
            ClassLoader loader = Bulk.class.getClassLoader();
            bytesRef = Class.forName("org.apache.lucene.util.BytesRef", false, loader).getConstructor(CharSequence.class);
            termInSet = Class.forName("org.apache.lucene.search.TermInSetQuery", false, loader)
                    .getConstructor(String.class, Collection.class);
        }
        List<Object> terms = new ArrayList<>();
        for (String value : values.isEmpty() ? new String[0] : values.split("\0", -1)) {
            terms.add(bytesRef.newInstance(value));
        }
        return termInSet.newInstance(field, terms);
    }

    private static Object[] scoreDocs(Object topDocs) throws ReflectiveOperationException {
        if (scoreDocsField == null) {
            scoreDocsField = lucene(topDocs, "org.apache.lucene.search.TopDocs").getField("scoreDocs");
            Class<?> scoreDoc = lucene(topDocs, "org.apache.lucene.search.ScoreDoc");
            doc = scoreDoc.getField("doc");
            score = scoreDoc.getField("score");
        }
        return (Object[]) scoreDocsField.get(topDocs);
    }

    private static Class<?> lucene(Object from, String name) throws ClassNotFoundException {
        return Class.forName(name, false, from.getClass().getClassLoader());
    }
}
