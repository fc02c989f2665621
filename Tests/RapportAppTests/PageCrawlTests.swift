import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import RapportApp

/// Every page of the demo, as each demo login sees it, written to `RAPPORT_CRAWL_OUTPUT` with a fixed clock, for
/// `scripts/crawl-pages`: a refactor that means to change nothing must leave every page byte-identical. Record ids,
/// CSRF tokens and other random values are replaced by stable names first, since they differ on every run.
@Suite("Page crawl for comparing refactors")
struct PageCrawlTests {
    static let output = ProcessInfo.processInfo.environment["RAPPORT_CRAWL_OUTPUT"].flatMap { $0.isEmpty ? nil : $0 }

    @Test(.enabled(if: output != nil, "set RAPPORT_CRAWL_OUTPUT to a folder to write the pages"))
    func writeEveryPageOfEveryDemoLogin() async throws {
        let folder = URL(fileURLWithPath: try #require(Self.output))
        try await withRapport { app, _ in
            _ = try await DemoData.ensure(on: app, reset: false)
            var written = 0
            for login in DemoData.demoLogins {
                let browser = TestBrowser(app)
                try await browser.signIn(login.username, password: login.password)
                var names = StableNames()
                let pages = try await SiteCrawl.pages(from: "/home", with: browser, limit: 400)
                let directory = folder.appendingPathComponent(login.username)
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                for (path, response) in pages {
                    let stablePath = names.apply(to: path)
                    // Calendar files fold long lines wherever 75 octets end, so an id may be split: unfold them first.
                    let text = response.body.string.replacingOccurrences(of: "\r\n ", with: "")
                    let body = "\(response.status.code) \(response.headers.contentType?.description ?? "")\n" + names.apply(to: text)
                    let file = stablePath.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "?", with: "~")
                    try body.write(to: directory.appendingPathComponent(String(file.prefix(200)) + ".txt"), atomically: true, encoding: .utf8)
                    written += 1
                }
            }
            #expect(written > 250, "the crawl reached \(written) pages")
        }
    }

    /// Names given to random values in the order they first appear, so two runs of the same code read the same.
    struct StableNames {
        private var seen: [String: String] = [:]

        mutating func apply(to text: String) -> String {
            var result = text
            let patterns: [(Regex<Substring>, String)] = [
                (/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/, "id"),
                // Form fields named after the first part of their record's id, such as `follow_up_1a2b3c4d`.
                (/_[0-9a-f]{8}(?=[-"])/, "short-id"),
                // A new authenticator key on every visit to set-up.
                (/<code class="secret">[^<]*<\/code>/, "key"),
                (/<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="qr".*?<\/svg>/, "qr-code"),
                (/name="_csrf" value="[^"]*"/, "csrf"),
                (/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/, "code"),
            ]
            for (pattern, kind) in patterns {
                for match in result.matches(of: pattern).reversed() {
                    let value = String(result[match.range])
                    let name = seen[value] ?? {
                        let name = "{\(kind)-\(seen.count + 1)}"
                        seen[value] = name
                        return name
                    }()
                    result.replaceSubrange(match.range, with: name)
                }
            }
            return result
        }
    }
}

/// A breadth-first walk over the same-site links of pages that answer HTML, as one signed-in browser.
enum SiteCrawl {
    static func pages(from start: String, with browser: TestBrowser, limit: Int,
                      visit: (String, TestingHTTPResponse) async throws -> Void = { _, _ in }) async throws -> [(String, TestingHTTPResponse)] {
        var queue = [start]
        var seen: Set<String> = [start]
        var pages: [(String, TestingHTTPResponse)] = []
        while !queue.isEmpty, seen.count < limit {
            let path = queue.removeFirst()
            let response = try await browser.get(path)
            pages.append((path, response))
            try await visit(path, response)
            guard response.headers.contentType?.subType == "html", response.status == .ok else { continue }
            for link in links(in: response.body.string) where !seen.contains(link) {
                seen.insert(link)
                queue.append(link)
            }
        }
        return pages
    }

    /// Same-site links of a page, without fragments; the sign-out form and files are left out.
    static func links(in html: String) -> [String] {
        html.matches(of: /href="([^"]*)"/).compactMap { match -> String? in
            let link = String(match.1).replacingOccurrences(of: "&amp;", with: "&").components(separatedBy: "#")[0]
            guard link.hasPrefix("/"), !link.hasPrefix("//"), !link.hasPrefix("/logout"), !link.hasPrefix("/assets/") else { return nil }
            return link
        }
    }
}
