import Crypto
import Foundation

/// Content kept as files in `Sources/RapportApp/Resources` (the stylesheet, the training course, the tag vocabularies,
/// the agreement wording), read once and checked when the server starts: a missing or broken file stops it there, not
/// on a page.
enum ContentFiles {
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    static func read(_ name: String, subdirectory: String? = nil) throws -> String {
        let base = subdirectory.map { "Resources/\($0)" } ?? "Resources"
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: base),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw Problem(description: "The file \(base)/\(name) is missing from Rapport's resources.")
        }
        return text
    }

    static func list(_ subdirectory: String) throws -> [String] {
        guard let url = Bundle.module.url(forResource: subdirectory, withExtension: nil, subdirectory: "Resources") else {
            throw Problem(description: "The folder Resources/\(subdirectory) is missing from Rapport's resources.")
        }
        return try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    /// Everything, checked: called by `configure` before the server answers anything.
    static func check() throws {
        _ = try Stylesheet.loaded.get()
        _ = try TrainingContent.loaded.get()
        _ = try Vocabulary.loaded.get()
        _ = try AgreementWording.loaded.get()
        _ = try OutcomeScales.loaded.get()
    }
}

/// The one stylesheet (`Resources/rapport.css`). Pages link it with its content's hash, so browsers may keep it for a
/// year and still fetch a changed one at once.
enum Stylesheet {
    static let loaded: Result<(css: String, version: String), ContentFiles.Problem> = Result {
        let css = try ContentFiles.read("rapport.css")
        let version = SHA256.hash(data: Data(css.utf8)).prefix(6).hexString
        return (css, version)
    }.mapError { $0 as? ContentFiles.Problem ?? ContentFiles.Problem(description: "\($0)") }

    static var css: String { (try? loaded.get().css) ?? "" }
    static var version: String { (try? loaded.get().version) ?? "" }
    /// The address pages link to.
    static var link: String { SiteRoute.stylesheet.path + "?v=" + version }
}
