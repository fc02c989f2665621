import Crypto
import Foundation

/// RFC 4648 base32 without padding, the form authenticator apps take a secret in.
enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var buffer = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Nil for anything but base32 letters (case, spaces and padding are forgiven, as people type them).
    static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer = 0, bits = 0
        for character in text.uppercased().utf8 where character != UInt8(ascii: " ") && character != UInt8(ascii: "=") {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = ((buffer << 5) | value) & 0xFFFF
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return output
    }
}

/// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): six digits from a shared secret and the
/// number of 30-second steps since 1970.
struct TOTP: Sendable {
    enum Algorithm: String, Sendable { case sha1 = "SHA1", sha256 = "SHA256", sha512 = "SHA512" }

    let secret: [UInt8]
    var algorithm: Algorithm = .sha1
    var digits = 6
    var period: TimeInterval = 30

    /// How many steps either side of now a code is still taken: clocks and typing drift by seconds.
    static let toleratedSteps: Int64 = 1

    func step(at date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / period).rounded(.down)) }

    func code(atStep step: Int64) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let key = SymmetricKey(data: secret)
        let mac: [UInt8] = switch algorithm {
        case .sha1: Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .sha256: Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let truncated = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(truncated % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    func code(at date: Date) -> String { code(atStep: step(at: date)) }

    /// The step whose code `typed` is, within the tolerated drift and later than `lastUsedStep` (a code works once);
    /// nil when it is none of them.
    func matchingStep(of typed: String, at date: Date, after lastUsedStep: Int64?) -> Int64? {
        guard typed.count == digits, typed.allSatisfy(\.isASCII), typed.allSatisfy(\.isNumber) else { return nil }
        let now = step(at: date)
        for candidate in (now - Self.toleratedSteps)...(now + Self.toleratedSteps) where candidate > (lastUsedStep ?? .min) {
            if Secrets.constantTimeEqual(code(atStep: candidate), typed) { return candidate }
        }
        return nil
    }

    /// What an authenticator app reads from the QR code.
    func provisioningURI(issuer: String, account: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let label = "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: allowed.union(CharacterSet(charactersIn: ":"))) ?? account
        let issuerParameter = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? "Rapport"
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuerParameter)&algorithm=\(algorithm.rawValue)&digits=\(digits)&period=\(Int(period))"
    }

    /// A new secret of 20 random bytes (160 bits, as RFC 4226 recommends).
    static func newSecret(using random: RandomSource) -> [UInt8] { random.bytes(20) }
}
