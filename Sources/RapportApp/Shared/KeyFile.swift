import Crypto
import Foundation

/// Secrets kept outside the database, in files of the data folder readable by their owner only.
enum KeyFile {
    /// The text of `name` in the data folder, made with `make()` on first use. The folder is made 0700 and the file
    /// 0600 before anything is written to it, then moved into place, so no other user ever sees a readable key and
    /// two servers starting at once end up with the same one. A key file others can read is refused rather than used.
    static func loadOrCreate(_ name: String, in folder: String, make: () -> String) throws -> String {
        let files = FileManager.default
        if !files.fileExists(atPath: folder) {
            // The folder holds the database and the keys: others should not even list it. An existing folder is left
            // as its owner set it (it may be shared on purpose); the key file itself is what must be private.
            try files.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let path = (folder as NSString).appendingPathComponent(name)
        if !files.fileExists(atPath: path) {
            let temporary = path + ".\(UUID().uuidString).tmp"
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard descriptor >= 0 else { throw ConfigurationError("Could not write the key file \(path).") }
            let bytes = Array((make() + "\n").utf8)
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            let synced = fsync(descriptor) == 0
            close(descriptor)
            // link() fails when another process placed its key first; then that key is the one.
            let linked = written == bytes.count && synced && link(temporary, path) == 0
            unlink(temporary)
            if !linked && !files.fileExists(atPath: path) { throw ConfigurationError("Could not write the key file \(path).") }
        }
        let permissions = (try files.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? 0
        guard permissions & 0o077 == 0 else {
            throw ConfigurationError("The key file \(path) can be read by other users. Run `chmod 600 \(path)`.")
        }
        return try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Keys for keyed hashes: login codes (so a copy of the database cannot test guesses) and the audit chain (so a
/// rewritten chain cannot be made to verify). Both are derived from one server secret: `RAPPORT_SECRET_KEY`, or the
/// `secret-key` file of the data folder. Every server of one deployment needs the same secret.
public struct ServerKeys: Sendable {
    let loginCodes: SymmetricKey
    let auditChain: SymmetricKey

    init(secretText: String) throws {
        guard let bytes = Data(base64Encoded: secretText.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count >= 32 else {
            throw ConfigurationError("RAPPORT_SECRET_KEY must be at least 32 random bytes in base64, such as the output of `openssl rand -base64 32`.")
        }
        let secret = SymmetricKey(data: bytes)
        let derive = { (purpose: String) in
            HKDF<SHA256>.deriveKey(inputKeyMaterial: secret, info: Data("rapport \(purpose)".utf8), outputByteCount: 32)
        }
        loginCodes = derive("login codes")
        auditChain = derive("audit chain")
    }

    static func load(_ configuration: AppConfiguration) throws -> ServerKeys {
        if let text = configuration.secretKey { return try ServerKeys(secretText: text) }
        if configuration.inMemoryDatabase { return try ServerKeys(secretText: NoteCipher.randomKeyText()) }
        return try ServerKeys(secretText: KeyFile.loadOrCreate("secret-key", in: configuration.dataDirectory, make: NoteCipher.randomKeyText))
    }

    func loginCodeHash(_ code: String) -> String { HMAC<SHA256>.authenticationCode(for: Data(code.utf8), using: loginCodes).hexString }

    /// Recovery codes share the login codes' key under a prefix of their own, so neither can stand for the other.
    func recoveryCodeHash(_ code: String) -> String { loginCodeHash("recovery-code \(code)") }

    func auditHash(_ fields: String) -> String { HMAC<SHA256>.authenticationCode(for: Data(fields.utf8), using: auditChain).hexString }
}
