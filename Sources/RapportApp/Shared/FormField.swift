import Plot
import Vapor

/// What a form held when it was sent, and what is wrong with it, so a failed form comes back as it was typed.
struct FormState: Sendable {
    var values: [String: String] = [:]
    var lists: [String: Set<String>] = [:]
    var errors: [String: String] = [:]

    subscript(_ name: String) -> String { values[name] ?? "" }
    func has(_ name: String, _ value: String) -> Bool { lists[name]?.contains(value) ?? false }
    var isValid: Bool { errors.isEmpty }

    /// Trimmed text of a field that must not be empty and not longer than `maxLength`.
    mutating func requireText(_ name: String, label: String, maxLength: Int) -> String? {
        let text = self[name].trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            errors[name] = "Enter \(label)."
            return nil
        }
        return limit(name, text, label: label, maxLength: maxLength)
    }

    mutating func optionalText(_ name: String, label: String, maxLength: Int) -> String? {
        let text = self[name].trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : limit(name, text, label: label, maxLength: maxLength)
    }

    private mutating func limit(_ name: String, _ text: String, label: String, maxLength: Int) -> String? {
        guard text.count <= maxLength else {
            errors[name] = "\(label.prefix(1).uppercased() + label.dropFirst()) can be at most \(maxLength) characters (this is \(text.count))."
            return nil
        }
        return text
    }

    mutating func requireInt(_ name: String, label: String, in range: ClosedRange<Int>) -> Int? {
        let text = self[name].trimmingCharacters(in: .whitespaces)
        guard let value = Int(text), range.contains(value) else {
            errors[name] = "Choose \(label) from \(range.lowerBound) to \(range.upperBound)."
            return nil
        }
        return value
    }

    /// A number from a select: one of the values it offers, nothing else.
    mutating func requireInt(_ name: String, label: String, among options: [Int]) -> Int? {
        guard let value = Int(self[name]), options.contains(value) else {
            errors[name] = "Choose \(label) from the list."
            return nil
        }
        return value
    }

    mutating func requireChoice<T: RawRepresentable>(_ name: String, label: String, as type: T.Type) -> T? where T.RawValue == String {
        guard let value = T(rawValue: self[name]) else {
            errors[name] = "Choose \(label)."
            return nil
        }
        return value
    }

    /// Chosen values of a checkbox group, keeping only those the list offers.
    mutating func choices(_ name: String, allowed: [String], label: String, max: Int? = nil) -> [String] {
        let chosen = allowed.filter { has(name, $0) }
        if (lists[name]?.count ?? 0) > chosen.count {
            errors[name] = "Some of the \(label) you chose are not on the list. Choose again."
        } else if let max, chosen.count > max {
            errors[name] = "Choose at most \(max) \(label)."
        }
        return chosen
    }
}

extension Request {
    /// Reads a sent form (URL-encoded or multipart) into a `FormState`, keeping repeated names as lists.
    func formState() throws -> FormState {
        var state = FormState()
        guard let body = body.string else { return state }
        guard headers.contentType == .urlEncodedForm else {
            throw Abort(.unsupportedMediaType, reason: "Send this form from the page in Rapport.")
        }
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else {
                throw Abort(.badRequest, reason: "The form could not be read. Reload the page and try again.")
            }
            if name.hasSuffix("[]") {
                state.lists[String(name.dropLast(2)), default: []].insert(value)
            } else {
                state.values[name] = value
            }
        }
        return state
    }
}

/// Accessible form controls: a visible label, the hint and the error tied to the input, the typed value kept.
enum FormField {
    static func csrf<Context: HTML.BodyContext>(_ token: String) -> Node<Context> {
        .input(.type(.hidden), .name(CSRFMiddleware.fieldName), .value(token))
    }

    static func text<Context: HTML.BodyContext>(
        _ name: String, label: String, state: FormState, type: HTMLInputType = .text, hint: String? = nil,
        autocomplete: String? = nil, maxLength: Int? = nil, required: Bool = false, value: String? = nil
    ) -> Node<Context> {
        let error = state.errors[name]
        return frame(name, label: label, hint: hint, error: error, control: .input(
            .id(name), .name(name), .type(type),
            .value(type == .password ? "" : (value ?? state[name])),
            .attribute(named: "autocomplete", value: autocomplete),
            .attribute(named: "maxlength", value: maxLength.map(String.init)),
            .attribute(named: "aria-describedby", value: describedBy(name, hint: hint, error: error)),
            .attribute(named: "aria-invalid", value: error == nil ? nil : "true"),
            .required(required)
        ))
    }

    /// A control with its visible label, then its hint and error, which the control names in `aria-describedby`.
    private static func frame<Context: HTML.BodyContext>(
        _ name: String, label: String, hint: String?, error: String?, control: Node<Context>
    ) -> Node<Context> {
        .div(
            .class(error == nil ? "field" : "field invalid"),
            .label(.for(name), .text(label)),
            .unwrap(hint) { .p(.id("\(name)-hint"), .class("hint"), .text($0)) },
            .unwrap(error) { .p(.id("\(name)-error"), .class("error"), .text($0)) },
            control
        )
    }

    private static func describedBy(_ name: String, hint: String?, error: String?) -> String? {
        let ids = [hint.map { _ in "\(name)-hint" }, error.map { _ in "\(name)-error" }].compactMap { $0 }
        return ids.isEmpty ? nil : ids.joined(separator: " ")
    }

    static func textArea<Context: HTML.BodyContext>(
        _ name: String, label: String, state: FormState, hint: String? = nil, maxLength: Int
    ) -> Node<Context> {
        let error = state.errors[name]
        return frame(name, label: label, hint: hint, error: error, control: .textarea(
            .id(name), .name(name), .rows(4),
            .attribute(named: "maxlength", value: String(maxLength)),
            .attribute(named: "aria-describedby", value: describedBy(name, hint: hint, error: error)),
            .attribute(named: "aria-invalid", value: error == nil ? nil : "true"),
            .text(state[name])
        ))
    }

    static func select<Context: HTML.BodyContext>(
        _ name: String, label: String, state: FormState, options: [(value: String, label: String)], hint: String? = nil
    ) -> Node<Context> {
        let error = state.errors[name]
        return frame(name, label: label, hint: hint, error: error, control: .select(
            .id(name), .attribute(named: "name", value: name),
            .attribute(named: "aria-describedby", value: describedBy(name, hint: hint, error: error)),
            .attribute(named: "aria-invalid", value: error == nil ? nil : "true"),
            .forEach(options) { option in
                .element(named: "option", nodes: [
                    .attribute(named: "value", value: option.value, ignoreIfValueIsEmpty: false),
                    .if(state[name] == option.value, .attribute(named: "selected", value: "selected")),
                    .text(option.label),
                ])
            }
        ))
    }

    /// A group of checkboxes sent as `name[]`, inside a fieldset whose legend is the question.
    static func checkboxes<Context: HTML.BodyContext>(
        _ name: String, legend: String, state: FormState, options: [(value: String, label: String)], hint: String? = nil,
        columns: Bool = true
    ) -> Node<Context> {
        let error = state.errors[name]
        return .element(named: "fieldset", nodes: [
            .class(error == nil ? "choices" : "choices invalid"),
            .element(named: "legend", text: legend),
            .unwrap(describedBy(name, hint: hint, error: error)) { .attribute(named: "aria-describedby", value: $0) },
            .unwrap(hint) { .p(.id("\(name)-hint"), .class("hint"), .text($0)) },
            .unwrap(error) { .p(.id("\(name)-error"), .class("error"), .text($0)) },
            .div(.class(columns ? "options columns" : "options"), .forEach(options.enumerated()) { index, option in
                .div(
                    .class("option"),
                    .input(.type(.checkbox), .id("\(name)-\(index)"), .name("\(name)[]"), .value(option.value), .checked(state.has(name, option.value))),
                    .label(.for("\(name)-\(index)"), .text(option.label))
                )
            }),
        ])
    }

    /// One choice of several; the choice sent is checked again when the form comes back.
    static func radios<Context: HTML.BodyContext>(
        _ name: String, legend: String, state: FormState, options: [(value: String, label: String)], hint: String? = nil
    ) -> Node<Context> {
        let error = state.errors[name]
        return .element(named: "fieldset", nodes: [
            .id(name),
            .class(error == nil ? "choices" : "choices invalid"),
            .element(named: "legend", text: legend),
            .unwrap(describedBy(name, hint: hint, error: error)) { .attribute(named: "aria-describedby", value: $0) },
            .unwrap(hint) { .p(.id("\(name)-hint"), .class("hint"), .text($0)) },
            .unwrap(error) { .p(.id("\(name)-error"), .class("error"), .text($0)) },
            .div(.class("options"), .forEach(options.enumerated()) { index, option in
                .div(
                    .class("option"),
                    .input(.type(.radio), .id("\(name)-\(index)"), .name(name), .value(option.value), .checked(state[name] == option.value)),
                    .label(.for("\(name)-\(index)"), .text(option.label))
                )
            }),
        ])
    }

    static func checkbox<Context: HTML.BodyContext>(_ name: String, label: String, state: FormState, hint: String? = nil) -> Node<Context> {
        .div(
            .class("option single"),
            .input(.type(.checkbox), .id(name), .name(name), .value("yes"), .checked(state[name] == "yes"),
                   .attribute(named: "aria-describedby", value: hint == nil ? nil : "\(name)-hint")),
            .label(.for(name), .text(label)),
            .unwrap(hint) { .p(.id("\(name)-hint"), .class("hint"), .text($0)) }
        )
    }

    /// A summary of all problems at the top of a failed form, so nobody has to hunt for them.
    static func errorSummary<Context: HTML.BodyContext>(_ state: FormState) -> Node<Context> {
        .if(!state.errors.isEmpty, .div(
            .class("notice error-summary"), .attribute(named: "role", value: "alert"),
            .h2("Please check the form"),
            .ul(.forEach(state.errors.sorted { $0.key < $1.key }) { name, message in
                .li(.a(.href("#\(name)"), .text(message)))
            })
        ))
    }
}

extension FormField {
    /// Facts as a description list (`<dl class="facts">`): each label with its value, a fact with no value left out.
    static func facts<Context: HTML.BodyContext>(_ facts: [(label: String, value: String?)], class className: String = "facts") -> Node<Context> {
        .element(named: "dl", nodes: [.class(className)] + facts.compactMap { fact -> Node<HTML.BodyContext>? in
            fact.value.map { .group(.element(named: "dt", text: fact.label), .element(named: "dd", text: $0)) }
        })
    }
}
