import Crypto
import Foundation

/// Random tokens and their stored hashes. Only hashes of bearer secrets (session tokens, login codes) reach the database.
enum Secrets {
    static func randomToken(bytes: Int = 32, using random: RandomSource) -> String {
        Data(random.bytes(bytes)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).hexString
    }

    /// Letters and digits that cannot be mistaken for each other on a printed card (no 0/O, 1/I/L).
    private static let codeAlphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    /// A one-time login code such as `K7QM-3XPA-TW9C` (about 58 bits).
    static func loginCode(using random: RandomSource) -> String {
        let characters = (0..<12).map { _ in codeAlphabet[random.number(in: 0..<codeAlphabet.count)] }
        return stride(from: 0, to: 12, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// Codes are typed by hand: ignore case, spaces and dashes.
    static func normalisedLoginCode(_ typed: String) -> String {
        let kept = typed.uppercased().filter { $0.isLetter || $0.isNumber }
        return stride(from: 0, to: kept.count, by: 4).map { start -> String in
            let from = kept.index(kept.startIndex, offsetBy: start)
            let to = kept.index(from, offsetBy: min(4, kept.count - start))
            return String(kept[from..<to])
        }.joined(separator: "-")
    }

    /// Compares secrets in time that does not depend on where they first differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
