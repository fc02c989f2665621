import Crypto
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
    private static let prefix = "n1"

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
        let id = SHA256.hash(data: Data("rapport-note-key".utf8) + bytes).prefix(4).map { String(format: "%02x", $0) }.joined()
        return NamedKey(id: id, key: SymmetricKey(data: bytes))
    }

    /// `n1.<key id>.<nonce, ciphertext and tag in base64>`
    func seal(_ text: String) throws -> String {
        let box = try AES.GCM.seal(Data(text.utf8), using: current.key)
        guard let combined = box.combined else { throw NoteCipherError.cannotSeal }
        return "\(Self.prefix).\(current.id).\(combined.base64EncodedString())"
    }

    func seal(optional text: String?) throws -> String? {
        try text.map { try seal($0) }
    }

    func open(_ sealed: String) throws -> String {
        let parts = sealed.split(separator: ".", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == Self.prefix, let data = Data(base64Encoded: parts[2]) else {
            throw NoteCipherError.unreadable
        }
        guard let key = parts[1] == current.id ? current.key : retired[parts[1]] else {
            throw NoteCipherError.unknownKey(parts[1])
        }
        let plain = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key)
        guard let text = String(data: plain, encoding: .utf8) else { throw NoteCipherError.unreadable }
        return text
    }

    func open(optional sealed: String?) throws -> String? {
        try sealed.map { try open($0) }
    }

    static func randomKeyText() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// The key from `RAPPORT_NOTE_KEY` when set; otherwise the `note-key` file of the data folder (see `KeyFile`).
    static func load(_ configuration: AppConfiguration) throws -> NoteCipher {
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
