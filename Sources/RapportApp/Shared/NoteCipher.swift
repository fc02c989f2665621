import Crypto
import Fluent
import Foundation

/// The one path for free text students write about their mentoring (meeting notes, summaries, agenda items,
/// commitments, wins, goals, reflections, feedback): sealed with AES-GCM before it reaches the database, so a
/// phrase from a note is not findable in the raw database file. Every ciphertext names its key, so keys can rotate:
/// new text is sealed with the current key, and text sealed with a retired key still opens.
public struct NoteCipher: Sendable {
    struct NamedKey: Sendable {
        let id: String
        let key: SymmetricKey
    }

    let current: NamedKey
    let retired: [String: SymmetricKey]
    /// Where a record sealed before it is saved gets its id (the id is part of what the seal is bound to).
    var random: RandomSource = .system
    private static let prefix = "n2"
    private static let legacyPrefix = "n1"

    /// `keyText` is 32 random bytes in base64 (`openssl rand -base64 32`).
    init(keyText: String, retiredKeyTexts: [String] = []) throws {
        current = try Self.namedKey(keyText)
        var retired: [String: SymmetricKey] = [:]
        for text in retiredKeyTexts {
            let named = try Self.namedKey(text)
            retired[named.id] = named.key
        }
        self.retired = retired
    }

    private static func namedKey(_ text: String) throws -> NamedKey {
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
            throw ConfigurationError("A note key must be 32 random bytes in base64, such as the output of `openssl rand -base64 32`.")
        }
        // The id is a hash of the key, so it says which key sealed a text without revealing the key.
        let id = SHA256.hash(data: Data("rapport-note-key".utf8) + bytes).prefix(4).hexString
        return NamedKey(id: id, key: SymmetricKey(data: bytes))
    }

    /// `n2.<key id>.<nonce, ciphertext and tag in base64>`, sealed with `context` as associated data: the table,
    /// column and row the text belongs to, so a sealed value copied to another row or column does not open.
    func seal(_ text: String, context: String) throws -> String {
        let box = try AES.GCM.seal(Data(text.utf8), using: current.key, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw NoteCipherError.cannotSeal }
        return "\(Self.prefix).\(current.id).\(combined.base64EncodedString())"
    }

    /// Opens what `seal` made for the same context; `n1` values, sealed before contexts existed, open without one
    /// (`rapport reseal-notes` turns them into `n2`).
    func open(_ sealed: String, context: String) throws -> String {
        let parts = sealed.split(separator: ".", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == Self.prefix || parts[0] == Self.legacyPrefix, let data = Data(base64Encoded: parts[2]) else {
            throw NoteCipherError.unreadable
        }
        guard let key = parts[1] == current.id ? current.key : retired[parts[1]] else {
            throw NoteCipherError.unknownKey(parts[1])
        }
        let box = try AES.GCM.SealedBox(combined: data)
        let plain = parts[0] == Self.prefix
            ? try AES.GCM.open(box, using: key, authenticating: Data(context.utf8))
            : try AES.GCM.open(box, using: key)
        guard let text = String(data: plain, encoding: .utf8) else { throw NoteCipherError.unreadable }
        return text
    }

    /// Whether `sealed` is already in the current format under the current key.
    func isCurrent(_ sealed: String) -> Bool { sealed.hasPrefix("\(Self.prefix).\(current.id).") }

    /// The associated data of one sealed field of one row.
    static func context(table: String, column: String, row: UUID) -> String {
        "\(table).\(column).\(row.uuidString.lowercased())"
    }

    static func randomKeyText() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// The key from `RAPPORT_NOTE_KEY` when set; otherwise the `note-key` file of the data folder (see `KeyFile`).
    static func load(_ configuration: AppConfiguration) throws -> NoteCipher {
        var cipher = try loadKeys(configuration)
        cipher.random = configuration.random
        return cipher
    }

    private static func loadKeys(_ configuration: AppConfiguration) throws -> NoteCipher {
        if let keyText = configuration.noteKey {
            return try NoteCipher(keyText: keyText, retiredKeyTexts: configuration.retiredNoteKeys)
        }
        if configuration.inMemoryDatabase {
            return try NoteCipher(keyText: randomKeyText(), retiredKeyTexts: configuration.retiredNoteKeys)
        }
        let text = try KeyFile.loadOrCreate("note-key", in: configuration.dataDirectory, make: randomKeyText)
        return try NoteCipher(keyText: text, retiredKeyTexts: configuration.retiredNoteKeys)
    }
}

enum NoteCipherError: Error, CustomStringConvertible {
    case cannotSeal, unreadable
    case unknownKey(String)

    var description: String {
        switch self {
        case .cannotSeal: "A note could not be sealed."
        case .unreadable: "A stored note is not in the sealed format."
        case .unknownKey(let id): "A stored note was sealed with key \(id), which this server does not have. Add it to RAPPORT_NOTE_KEYS_RETIRED."
        }
    }
}

/// Sealing into and opening from a model's field: the context is the model's table, the field's column and its id
/// (given one first when it has none yet).
extension NoteCipher {
    func seal<M: Model>(_ text: String, into model: M, _ field: KeyPath<M, FieldProperty<M, String>>) throws where M.IDValue == UUID {
        model[keyPath: field].value = try seal(text, context: context(of: model, model[keyPath: field].key))
    }

    func seal<M: Model>(_ text: String?, into model: M, _ field: KeyPath<M, OptionalFieldProperty<M, String>>) throws
    where M.IDValue == UUID {
        let key = model[keyPath: field].key
        model[keyPath: field].value = try text.map { try seal($0, context: context(of: model, key)) }
    }

    func open<M: Model>(_ model: M, _ field: KeyPath<M, FieldProperty<M, String>>) throws -> String where M.IDValue == UUID {
        try open(model[keyPath: field].value ?? "", context: context(of: model, model[keyPath: field].key))
    }

    func open<M: Model>(_ model: M, _ field: KeyPath<M, OptionalFieldProperty<M, String>>) throws -> String? where M.IDValue == UUID {
        let key = model[keyPath: field].key
        return try (model[keyPath: field].value ?? nil).map { try open($0, context: context(of: model, key)) }
    }

    private func context<M: Model>(of model: M, _ key: FieldKey) -> String where M.IDValue == UUID {
        if model.id == nil { model.id = random.uuid() }
        return Self.context(table: M.schema, column: key.description, row: model.id!)
    }
}
