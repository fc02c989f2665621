import Fluent
import Foundation
import SQLKit

/// Finding people by what a coordinator or lead types: every word typed must appear in the person's name or
/// username, whatever its case or accents ("zoe" finds Zoë). The folded text is kept in `people.search_key`, so the
/// database does the finding and a school of thousands is searched without loading it.
enum PersonSearch {
    /// Lower case, without accents: what a search compares.
    static func fold(_ text: String) -> String {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil).lowercased()
    }

    /// The name and the username, apart, so a word cannot match across the two.
    static func key(givenName: String, familyName: String, username: String) -> String {
        fold("\(givenName) \(familyName)") + "\n" + username
    }

    /// The words of what was typed, folded.
    static func words(_ typed: String) -> [String] {
        fold(typed).split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// The condition that `people`'s name or username holds `word` (`%` and `_` typed are letters, not wildcards).
    static func condition(_ word: String) -> SQLQueryString {
        let literal = word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        return "people.search_key LIKE \(bind: "%" + literal + "%") ESCAPE '\\'"
    }

    /// Keeps only people whose name or username holds every word.
    static func filter(_ query: QueryBuilder<Person>, words: [String]) -> QueryBuilder<Person> {
        words.reduce(query) { query, word in query.filter(.sql(embed: condition(word))) }
    }
}

extension Person {
    var currentSearchKey: String { PersonSearch.key(givenName: givenName, familyName: familyName, username: username) }
}

/// Keeps `search_key` true to the name and username on every save.
struct PersonSearchKeyMiddleware: AsyncModelMiddleware {
    func create(model: Person, on database: any Database, next: any AnyAsyncModelResponder) async throws {
        model.searchKey = model.currentSearchKey
        try await next.create(model, on: database)
    }

    func update(model: Person, on database: any Database, next: any AnyAsyncModelResponder) async throws {
        // Set only when it differs: setting a field marks it changed, and an unchanged model is not written at all.
        if model.$searchKey.value != model.currentSearchKey { model.searchKey = model.currentSearchKey }
        try await next.update(model, on: database)
    }
}
