package io.groupdesk.api.zendeskxml;

import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.Ids;
import io.groupdesk.shared.ValidationException;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a classic {@code <group>} request body with a hardened StAX parser: a document with a DTD is refused before
 * anything in it is read, so no external entity is fetched and no entity is expanded.
 */
final class ZendeskGroupXmlReader {
    private static final XMLInputFactory FACTORY = hardenedFactory();

    /** A group request: absent fields are empty; {@code agents} present-and-empty removes every member. */
    record GroupXml(Optional<String> name, Optional<String> description, Optional<Set<AgentId>> agents) {}

    private ZendeskGroupXmlReader() {}

    static GroupXml read(byte[] body) {
        if (body.length == 0) {
            throw new ZendeskXmlRequestException("The request body is empty: send a <group> document");
        }
        XMLStreamReader reader = null;
        try {
            reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
            Optional<String> name = Optional.empty();
            Optional<String> description = Optional.empty();
            Optional<Set<AgentId>> agents = Optional.empty();
            if (nextElement(reader) != XMLStreamConstants.START_ELEMENT
                    || !reader.getLocalName().equals("group")) {
                throw new ZendeskXmlRequestException("The document's root element must be <group>");
            }
            while (nextElement(reader) == XMLStreamConstants.START_ELEMENT) {
                switch (reader.getLocalName()) {
                    case "name" -> name = Optional.of(text(reader));
                    case "description" -> description = Optional.of(text(reader));
                    case "agents" -> agents = Optional.of(agents(reader));
                    default -> skip(reader);
                }
            }
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamConstants.DTD) {
                    throw new ZendeskXmlRequestException("Document type declarations are not allowed");
                }
            }
            return new GroupXml(name, description, agents);
        } catch (XMLStreamException e) {
            throw new ZendeskXmlRequestException("The request body is not well-formed XML");
        } finally {
            close(reader);
        }
    }

    /** Moves to the next start or end element; refuses a DTD wherever it appears. */
    private static int nextElement(XMLStreamReader reader) throws XMLStreamException {
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new ZendeskXmlRequestException("Document type declarations and entities are not allowed");
            }
            if (event == XMLStreamConstants.START_ELEMENT || event == XMLStreamConstants.END_ELEMENT) {
                return event;
            }
        }
        return XMLStreamConstants.END_DOCUMENT;
    }

    private static String text(XMLStreamReader reader) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        while (reader.hasNext()) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text.append(
                        reader.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    return text.toString();
                }
                case XMLStreamConstants.START_ELEMENT -> skip(reader);
                case XMLStreamConstants.DTD,
                        XMLStreamConstants.ENTITY_REFERENCE -> throw new ZendeskXmlRequestException(
                        "Entities are not allowed");
                default -> {
                    // comments and processing instructions carry no value
                }
            }
        }
        throw new ZendeskXmlRequestException("The request body is not well-formed XML");
    }

    /** {@code <agents><agent>43</agent>…</agents>}, or the older comma-separated {@code <agents>43, 67</agents>}. */
    private static Set<AgentId> agents(XMLStreamReader reader) throws XMLStreamException {
        Set<AgentId> agents = new LinkedHashSet<>();
        StringBuilder loose = new StringBuilder();
        while (reader.hasNext()) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    if (reader.getLocalName().equals("agent")) {
                        addIds(text(reader), agents);
                    } else {
                        skip(reader);
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> loose.append(
                        reader.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    addIds(loose.toString(), agents);
                    return agents;
                }
                case XMLStreamConstants.DTD,
                        XMLStreamConstants.ENTITY_REFERENCE -> throw new ZendeskXmlRequestException(
                        "Entities are not allowed");
                default -> {
                    // comments carry no value
                }
            }
        }
        throw new ZendeskXmlRequestException("The request body is not well-formed XML");
    }

    private static void addIds(String text, Set<AgentId> agents) {
        for (String raw : text.split(",")) {
            String id = raw.strip();
            if (id.isEmpty()) {
                continue;
            }
            long agent = Ids.parse(id)
                    .orElseThrow(() -> ValidationException.of(
                            "agents", Rule.INVALID, "must list agent ids, not '" + shorten(id) + "'"));
            agents.add(new AgentId(agent));
        }
    }

    private static void skip(XMLStreamReader reader) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new ZendeskXmlRequestException("Entities are not allowed");
            }
        }
    }

    private static String shorten(String text) {
        return text.length() > 20 ? text.substring(0, 20) + "…" : text;
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException e) {
                // nothing to release
            }
        }
    }

    private static XMLInputFactory hardenedFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external entities are not allowed");
        });
        return factory;
    }
}
