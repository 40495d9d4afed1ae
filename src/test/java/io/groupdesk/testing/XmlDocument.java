package io.groupdesk.testing;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** An XML response body, read with a parser that refuses DTDs, queried by XPath. */
public final class XmlDocument {
    private final Document document;

    private XmlDocument(Document document) {
        this.document = document;
    }

    /** Parses {@code bytes}; throws when they are not a well-formed document. */
    public static XmlDocument parse(byte[] bytes) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            return new XmlDocument(factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes)));
        } catch (Exception e) {
            throw new IllegalArgumentException("not a well-formed XML document: " + new String(bytes), e);
        }
    }

    public static XmlDocument parse(Http.Response response) {
        return parse(response.bytes());
    }

    /** The name of the document's root element. */
    public String rootName() {
        return document.getDocumentElement().getTagName();
    }

    /** The text of the first node {@code xpath} selects, or null when it selects none. */
    public String text(String xpath) {
        List<Element> elements = elements(xpath);
        return elements.isEmpty() ? null : elements.get(0).getTextContent();
    }

    /** The texts of every element {@code xpath} selects, in document order. */
    public List<String> texts(String xpath) {
        return elements(xpath).stream().map(Element::getTextContent).toList();
    }

    /** The value of an attribute of the first element {@code xpath} selects, or null when absent. */
    public String attribute(String xpath, String name) {
        List<Element> elements = elements(xpath);
        if (elements.isEmpty() || !elements.get(0).hasAttribute(name)) {
            return null;
        }
        return elements.get(0).getAttribute(name);
    }

    /** How many elements {@code xpath} selects. */
    public int count(String xpath) {
        return elements(xpath).size();
    }

    /** The names of the child elements of the first element {@code xpath} selects, in document order. */
    public List<String> childNames(String xpath) {
        List<String> names = new ArrayList<>();
        List<Element> elements = elements(xpath);
        if (elements.isEmpty()) {
            return names;
        }
        NodeList children = elements.get(0).getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child) {
                names.add(child.getTagName());
            }
        }
        return names;
    }

    private List<Element> elements(String xpath) {
        try {
            NodeList nodes =
                    (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODESET);
            List<Element> elements = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                if (nodes.item(i) instanceof Element element) {
                    elements.add(element);
                }
            }
            return elements;
        } catch (Exception e) {
            throw new IllegalArgumentException("bad xpath " + xpath, e);
        }
    }
}
