import Plot

// Plot 0.14 escapes text nodes but writes attribute values raw (`name="value"`). Every Plot helper that puts a
// string into an attribute is declared again here with the same signature; a declaration in this module shadows
// the imported one, so every call in RapportApp goes through `HTMLAttributeValue.escaped` and none can forget to.
// The hostile-data crawl test (HostileDataTests) renders every page with `"'><x-inj>` in every text and fails if a
// helper is missing from this file.

enum HTMLAttributeValue {
    /// The value as it may stand between double quotes: `& < > " '` become character references. Read as UTF-8
    /// bytes, not characters: a quote followed by a combining mark is one `Character` that is not `"`, yet the
    /// browser still ends the attribute at the quote. (ASCII bytes never occur inside a multi-byte character.)
    static func escaped(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return value }
        var result: [UInt8] = []
        result.reserveCapacity(value.utf8.count + 16)
        for byte in value.utf8 {
            switch byte {
            case 0x26: result += Array("&amp;".utf8)
            case 0x3C: result += Array("&lt;".utf8)
            case 0x3E: result += Array("&gt;".utf8)
            case 0x22: result += Array("&quot;".utf8)
            case 0x27: result += Array("&#39;".utf8)
            default: result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    static func attribute<Context>(_ name: String, _ value: String?, ignoreIfValueIsEmpty: Bool = true) -> Attribute<Context> {
        Attribute(name: name, value: value.map(escaped), ignoreIfValueIsEmpty: ignoreIfValueIsEmpty)
    }
}

// MARK: - The general forms

extension Node {
    static func attribute(named name: String, value: String?, ignoreIfValueIsEmpty: Bool = true) -> Node {
        .attribute(HTMLAttributeValue.attribute(name, value, ignoreIfValueIsEmpty: ignoreIfValueIsEmpty))
    }
}

extension Attribute {
    static func attribute(named name: String, value: String?) -> Self {
        HTMLAttributeValue.attribute(name, value)
    }
}

// MARK: - Global attributes

extension Attribute where Context: HTMLContext {
    static func id(_ id: String) -> Attribute { HTMLAttributeValue.attribute("id", id) }
    static func `class`(_ className: String) -> Attribute { HTMLAttributeValue.attribute("class", className) }
    static func data(named name: String, value: String) -> Attribute { HTMLAttributeValue.attribute("data-\(name)", value) }
    static func title(_ title: String) -> Attribute { HTMLAttributeValue.attribute("title", title) }
}

extension Node where Context: HTMLContext {
    static func id(_ id: String) -> Node { .attribute(named: "id", value: id) }
    static func `class`(_ className: String) -> Node { .attribute(named: "class", value: className) }
    static func data(named name: String, value: String) -> Node { .attribute(named: "data-\(name)", value: value) }
    static func title(_ title: String) -> Node { .attribute(named: "title", value: title) }
}

extension Attribute where Context: HTMLNamableContext {
    static func name(_ name: String) -> Attribute { HTMLAttributeValue.attribute("name", name) }
}

extension Node where Context: HTMLNamableContext {
    static func name(_ name: String) -> Node { .attribute(named: "name", value: name) }
}

extension Attribute where Context: HTMLTypeContext {
    static func type(_ type: String) -> Attribute { HTMLAttributeValue.attribute("type", type) }
}

extension Attribute where Context: HTMLValueContext {
    static func value(_ value: String) -> Attribute { HTMLAttributeValue.attribute("value", value) }
}

extension Node where Context: HTMLValueContext {
    static func value(_ value: String) -> Node { .attribute(named: "value", value: value) }
}

// MARK: - Links, sources, forms
// Plot takes a `URLRepresentable` (String or URL) here; these take a String, which overload resolution prefers, and
// RapportApp builds every address as a String.

extension Attribute where Context: HTMLLinkableContext {
    static func href(_ url: String) -> Attribute { HTMLAttributeValue.attribute("href", url) }
}

extension Node where Context: HTMLLinkableContext {
    static func href(_ url: String) -> Node { .attribute(named: "href", value: url) }
}

extension Attribute where Context: HTMLSourceContext {
    static func src(_ url: String) -> Attribute { HTMLAttributeValue.attribute("src", url) }
}

extension Node where Context: HTMLSourceContext {
    static func src(_ url: String) -> Node { .attribute(named: "src", value: url) }
}

extension Node where Context == HTML.FormContext {
    static func action(_ url: String) -> Node { .attribute(named: "action", value: url) }
}

extension Node where Context == HTML.LabelContext {
    static func `for`(_ target: String) -> Node { .attribute(named: "for", value: target) }
}

extension Node where Context == HTML.TimeContext {
    static func datetime(_ datetime: String) -> Node { .attribute(named: "datetime", value: datetime) }
}

extension Attribute where Context == HTML.InputContext {
    static func placeholder(_ placeholder: String) -> Attribute { HTMLAttributeValue.attribute("placeholder", placeholder) }
}

extension Node where Context == HTML.TextAreaContext {
    static func placeholder(_ placeholder: String) -> Node { .attribute(named: "placeholder", value: placeholder) }
}

extension Attribute where Context == HTML.OptionContext {
    static func label(_ label: String) -> Attribute { HTMLAttributeValue.attribute("label", label, ignoreIfValueIsEmpty: false) }
}

extension Attribute where Context == HTML.ImageContext {
    static func alt(_ text: String) -> Attribute { HTMLAttributeValue.attribute("alt", text) }
}

extension Node where Context: HTMLStylableContext {
    static func style(_ css: String) -> Node { .attribute(named: "style", value: css) }
}

extension Node where Context: HTML.BodyContext {
    static func ariaLabel(_ label: String) -> Node { .attribute(named: "aria-label", value: label) }
    static func ariaControls(_ child: String) -> Node { .attribute(named: "aria-controls", value: child) }
}

// MARK: - The document head

extension Attribute where Context == HTML.MetaContext {
    static func content(_ content: String) -> Attribute { HTMLAttributeValue.attribute("content", content) }
    static func property(_ property: String) -> Attribute { HTMLAttributeValue.attribute("property", property) }
}

extension Node where Context == HTML.HeadContext {
    /// The page's `<title>` only: Plot's own also copies the title into social-sharing `<meta>` tags,
    /// which pages that need a sign-in have no use for.
    static func title(_ title: String) -> Node { .element(named: "title", text: title) }
}
