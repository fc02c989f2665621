import Foundation

/// Rules a new password must meet; staff passwords guard more and must be longer.
enum PasswordPolicy {
    static func minimumLength(for role: Role) -> Int { role.isStaff ? 12 : 8 }
    static let maximumLength = 72
    /// bcrypt reads only the first 72 bytes: a longer password would be cut without anyone knowing, so it is refused.
    static let maximumBytes = 72

    /// Nil when the password is acceptable, otherwise what to fix.
    static func problem(with password: String, for person: Person) -> String? {
        let minimum = minimumLength(for: person.role)
        if password.count < minimum { return "Use at least \(minimum) characters." }
        if password.utf8.count > maximumBytes {
            return "Use at most \(maximumBytes) characters (letters with accents and emoji count as two to four)."
        }
        let lowered = password.lowercased()
        if commonPasswords.contains(lowered) || commonPasswords.contains(where: { lowered.hasPrefix($0) && lowered.count - $0.count <= 3 }) {
            return "That password is one of the most common ones. Choose something harder to guess, such as three random words."
        }
        if lowered.contains(person.username.lowercased()) || lowered.contains(person.givenName.lowercased()) && person.givenName.count > 2 {
            return "Don't use your name or username in your password."
        }
        if Set(lowered).count < 4 { return "Use more different characters." }
        return nil
    }

    /// The most used passwords from public breach lists; anything starting with one of them plus a few characters is refused too.
    static let commonPasswords: Set<String> = [
        "123456", "password", "12345678", "qwerty", "123456789", "12345", "1234", "111111", "1234567", "dragon",
        "123123", "baseball", "abc123", "football", "monkey", "letmein", "696969", "shadow", "master", "666666",
        "qwertyuiop", "123321", "mustang", "1234567890", "michael", "654321", "superman", "1qaz2wsx", "7777777",
        "121212", "000000", "qazwsx", "123qwe", "killer", "trustno1", "jordan", "jennifer", "zxcvbnm", "asdfgh",
        "hunter", "buster", "soccer", "harley", "batman", "andrew", "tigger", "sunshine", "iloveyou", "2000",
        "charlie", "robert", "thomas", "hockey", "ranger", "daniel", "starwars", "klaster", "112233", "george",
        "computer", "michelle", "jessica", "pepper", "1111", "zxcvbn", "555555", "11111111", "131313", "freedom",
        "777777", "pass", "maggie", "159753", "aaaaaa", "ginger", "princess", "joshua", "cheese", "amanda",
        "summer", "love", "ashley", "nicole", "chelsea", "biteme", "matthew", "access", "yankees", "987654321",
        "dallas", "austin", "thunder", "taylor", "matrix", "welcome", "welcome1", "password1", "passw0rd",
        "p@ssw0rd", "qwerty123", "iloveyou1", "school", "school123", "teacher", "student", "changeme", "admin",
        "administrator", "letmein1", "liverpool", "arsenal", "chelsea1", "manchester", "minecraft", "fortnite",
        "pokemon", "roblox", "rapport", "mentor", "mentee",
    ]
}
