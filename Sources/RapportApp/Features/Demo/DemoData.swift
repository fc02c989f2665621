import Fluent
import Vapor

/// A sign-in the demo prints for people to try.
public struct DemoLogin: Sendable, Equatable {
    public let role: String
    public let username: String
    public let password: String
    /// The base32 secret of the account's authenticator, for staff who must use two-step sign-in.
    public var totpSecret: String? = nil

    /// Exactly `login: ROLE USERNAME PASSWORD`, and ` totp:SECRET` for two-step staff, one per line, for people
    /// (who add the secret to an authenticator app) and for the browser tests (which compute the codes).
    public var line: String { "login: \(role) \(username) \(password)" + (totpSecret.map { " totp:\($0)" } ?? "") }
}

/// Makes the demo organisation: two schools, staff of every role and about 60 students with varied profiles.
/// The same seed always gives the same people, so screenshots and instructions stay true.
public enum DemoData {
    static let organisationName = "Riverside Learning Trust"

    /// Makes the demo unless it is there already (`reset` remakes the whole database first); returns the logins to print.
    public static func ensure(on app: Application, reset: Bool) async throws -> [DemoLogin] {
        if reset {
            try await app.autoRevert()
            try await prepareDatabase(app)
        }
        let logins = demoLogins
        // Found by a login rather than by name: the hostile demo changes every name.
        if try await Person.query(on: app.db).filter(\.$username == "ms.okoye").first() != nil {
            return logins
        }
        let hasher = app.password.async
        var hashes: [String: String] = [:]
        for login in logins { hashes[login.username] = try await hasher.hash(login.password) }
        let passwordHashes = hashes
        let (notes, now, time) = (app.notes, app.dependencies.now, SchoolTime(zone: app.rapport.timeZone))
        try await app.db.transaction { database in
            try await seed(on: database, hashes: passwordHashes, notes: notes, now: now, time: time)
        }
        return logins
    }

    static let demoLogins: [DemoLogin] = [
        DemoLogin(role: "coordinator", username: "ms.okoye", password: "northgate-kettle-garden"),
        DemoLogin(role: "safeguarding-lead", username: "mr.hughes", password: "northgate-lantern-harbour", totpSecret: "6MK532SJHNBDOPWUDJL5VV4WOS37SS37"),
        DemoLogin(role: "organisation-admin", username: "admin.riverside", password: "riverside-orchard-compass", totpSecret: "3D6CZJV57NXH334SMRLML46X4GOA4MEW"),
        DemoLogin(role: "mentor", username: "jade.mensah", password: "purple-skate-river"),
        DemoLogin(role: "mentee", username: "tyler.brooks", password: "green-rocket-tiger"),
        DemoLogin(role: "coordinator", username: "mr.nowak", password: "harbour-pebble-violin"),
        DemoLogin(role: "safeguarding-lead", username: "ms.adeyemi", password: "harbour-willow-beacon", totpSecret: "VAUWUMPQG64MJULMK5KV5AARBFBQXJZ7"),
        DemoLogin(role: "mentor", username: "sam.carter", password: "orange-kite-meadow"),
        DemoLogin(role: "mentee", username: "leah.price", password: "silver-fox-canal"),
        DemoLogin(role: Operations.deputyLeadRoleName, username: "ms.ward", password: "northgate-meadow-signal", totpSecret: "EJMVA2J7Y3HM274JA7BOGD47456NC3Z4"),
    ]

    private struct StaffSeed {
        let username: String, given: String, family: String, role: Role, school: Int?
        var deputy = false
    }

    private static let staff: [StaffSeed] = [
        StaffSeed(username: "ms.okoye", given: "Grace", family: "Okoye", role: .coordinator, school: 0),
        StaffSeed(username: "mr.hughes", given: "Owen", family: "Hughes", role: .safeguardingLead, school: 0),
        StaffSeed(username: "mr.nowak", given: "Piotr", family: "Nowak", role: .coordinator, school: 1),
        StaffSeed(username: "ms.adeyemi", given: "Funmi", family: "Adeyemi", role: .safeguardingLead, school: 1),
        StaffSeed(username: "admin.riverside", given: "Helen", family: "Marsh", role: .organisationAdmin, school: nil),
        StaffSeed(username: "ms.ward", given: "Asha", family: "Ward", role: .safeguardingLead, school: 0, deputy: true),
    ]

    static let givenNames = [
        "Jade", "Tyler", "Aisha", "Kai", "Maya", "Reece", "Zara", "Connor", "Amira", "Liam", "Chloe", "Dylan", "Priya",
        "Jayden", "Ellie", "Mohammed", "Keira", "Callum", "Nia", "Harvey", "Leah", "Bilal", "Summer", "Jamal", "Ruby",
        "Kacper", "Lola", "Tomasz", "Imani", "Finley", "Sofia", "Marcus", "Hana", "Alfie", "Yasmin", "Riley", "Demi",
        "Oskar", "Precious", "Ethan", "Skye", "Rhys", "Layla", "Jordan", "Maisie", "Kwame", "Evie", "Ibrahim", "Tia",
        "Lewis", "Amber", "Deniz", "Poppy", "Nathan", "Farah", "Kyle", "Grace", "Ravi", "Millie", "Shay",
    ]
    static let familyNames = [
        "Mensah", "Brooks", "Khan", "Walker", "Nowicki", "Campbell", "Ahmed", "Doyle", "Patel", "Hughes", "Evans",
        "Osei", "Murphy", "Begum", "Clarke", "Kowalski", "Reid", "Hussain", "Bennett", "Adeyemi", "Price", "Ali",
        "Fletcher", "Yilmaz", "Grant", "Mahmood", "Lewis", "Boateng", "Kaur", "Foster",
    ]

    /// SplitMix64: a small, well-known generator; the demo must be the same on every machine.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private static func seed(on database: any Database, hashes: [String: String], notes: NoteCipher, now: Date, time: SchoolTime) async throws {
        var random = SeededGenerator(state: 20_261_125)
        let organisation = Organisation(name: organisationName)
        try await organisation.create(on: database)
        let organisationID = try organisation.requireID()
        let schools = [
            School(organisationID: organisationID, name: "Northgate Learning Centre", sourceID: "NLC-001"),
            School(organisationID: organisationID, name: "Harbour Street Academy", sourceID: "HSA-002"),
        ]
        for school in schools { try await school.create(on: database) }

        for member in staff {
            let person = Person(organisationID: organisationID, schoolID: member.school.map { schools[$0].id! }, role: member.role,
                                givenName: member.given, familyName: member.family, username: member.username,
                                email: "\(member.username)@riverside.example")
            person.passwordHash = hashes[member.username]
            person.isDeputyLead = member.deputy
            try await person.create(on: database)
            if let secret = demoLogins.first(where: { $0.username == member.username })?.totpSecret.flatMap(Base32.decode) {
                let factor = try await TwoStepEnrolment.start(for: person.requireID(), secret: secret, notes: notes, now: now, on: database)
                factor.confirmedAt = now
                try await factor.update(on: database)
            }
        }

        let coordinatorID = try await Person.query(on: database).filter(\.$username == "ms.okoye").first()!.requireID()
        let programme = try await makeProgramme(at: schools[0], by: coordinatorID, time: time, now: now, on: database)
        try await seedStudents(of: schools, organisationID: organisationID, hashes: hashes, programme: programme, coordinatorID: coordinatorID,
                               random: &random, on: database)
        let pair = try await Person.query(on: database).filter(\.$username ~~ ["sam.carter", "leah.price"]).all()
        if let mentor = pair.first(where: { $0.role == .mentor }), let mentee = pair.first(where: { $0.role == .mentee }) {
            try await DemoPair.seed(mentor: mentor, mentee: mentee, programme: programme, notes: notes, now: now, on: database)
        }
        let northgate = try await Person.query(on: database).filter(\.$school.$id == schools[0].requireID())
            .filter(\.$role ~~ [.mentor, .mentee]).sort(\.$sourceID).all()
        // Two students the coordinator keeps apart, so the do-not-pair list and the round's rules show one.
        let apart = try await Person.query(on: database).filter(\.$username ~~ ["jade.mensah", "tyler.brooks"]).all()
        if apart.count == 2 {
            let entry = PairingRestriction(school: try schools[0].requireID(), kind: .doNotPair, between: try apart[0].requireID(),
                                           and: try apart[1].requireID(), by: coordinatorID, at: now)
            try notes.seal("Their families asked us to keep them apart.", into: entry, \.$reasonSealed)
            try await entry.create(on: database)
        }
        try await seedMentorSupport(school: schools[0], coordinatorID: coordinatorID, time: time, notes: notes, now: now, on: database)
        try await DemoHistory.seed(students: northgate, programme: programme, coordinatorID: coordinatorID, notes: notes, now: now, on: database)
    }

    /// Mentor support at Northgate: a supervision session held (Sam came) and one booked, Sam's check-in last month
    /// shared with the coordinator, and Jade asking for help.
    private static func seedMentorSupport(school: School, coordinatorID: UUID, time: SchoolTime, notes: NoteCipher, now: Date,
                                          on database: any Database) async throws {
        let mentors = try await Person.query(on: database).filter(\.$username ~~ ["sam.carter", "jade.mensah"]).all()
        guard let sam = mentors.first(where: { $0.username == "sam.carter" }), let jade = mentors.first(where: { $0.username == "jade.mensah" }) else { return }
        let schoolID = try school.requireID()
        for (days, topic) in [(-14.0, "When your mentee goes quiet"), (9.0, "Celebrating small wins")] {
            let session = SupervisionSession()
            (session.$school.id, session.minutes, session.topic) = (schoolID, 45, topic)
            session.startsAt = time.date(day: time.dayID(now.addingTimeInterval(days * 86_400)), time: "12:30") ?? now
            (session.createdByID, session.createdAt) = (coordinatorID, now.addingTimeInterval(-20 * 86_400))
            try await session.create(on: database)
            if days < 0 {
                let came = SupervisionAttendance()
                (came.$session.id, came.$person.id, came.recordedAt) = (try session.requireID(), try sam.requireID(), session.startsAt)
                try await came.create(on: database)
            }
        }
        let check = MentorWellbeing()
        (check.$person.id, check.$school.id, check.feeling, check.load) = (try sam.requireID(), schoolID, .good, .aboutRight)
        check.month = String(time.dayID(now.addingTimeInterval(-31 * 86_400)).prefix(7))
        (check.sharedWithCoordinator, check.answeredAt) = (true, now.addingTimeInterval(-31 * 86_400))
        try notes.seal("Leah is opening up more each week.", into: check, \.$noteSealed)
        try await check.create(on: database)
        let ask = MentorHelpRequest()
        (ask.$person.id, ask.$school.id, ask.askedAt) = (try jade.requireID(), schoolID, now.addingTimeInterval(-2 * 86_400))
        try notes.seal("I'm not sure what to do when my mentee doesn't want to talk.", into: ask, \.$textSealed)
        try await ask.create(on: database)
    }

    /// Northgate's programme for the year, as its coordinator would set it up.
    private static func makeProgramme(at school: School, by coordinatorID: UUID, time: SchoolTime, now: Date, on database: any Database) async throws -> Programme {
        let programme = Programme()
        programme.$school.id = try school.requireID()
        programme.name = "Peer mentoring"
        programme.schoolYear = "2026–27"
        // Programme dates are the school's midnight, as the programme form keeps them.
        programme.startsOn = time.date(day: "2026-09-08", time: "00:00") ?? now
        programme.endsOn = time.date(day: "2027-07-16", time: "00:00") ?? now
        programme.meetingCadenceDays = 7
        programme.minimumYearGap = 1
        programme.menteeChoice = true
        programme.feedbackEveryWeeks = 4
        programme.useDefaultPracticeRules()
        programme.termEnds = "2026-12-18 2027-03-26"
        programme.createdByID = coordinatorID
        try await programme.create(on: database)
        return programme
    }

    /// Thirty students a school, twelve of them mentors, drawn from the seeded generator so every machine gets the same.
    private static func seedStudents(of schools: [School], organisationID: UUID, hashes: [String: String], programme: Programme,
                                     coordinatorID: UUID, random: inout SeededGenerator, on database: any Database) async throws {
        var usedNames = Set<String>()
        for (schoolIndex, school) in schools.enumerated() {
            for index in 0..<30 {
                let isMentor = index < 12
                var given: String
                var family: String
                if schoolIndex == 0 && index == 0 {
                    (given, family) = ("Jade", "Mensah")
                } else if schoolIndex == 0 && index == 12 {
                    (given, family) = ("Tyler", "Brooks")

                } else {
                    repeat {
                        given = givenNames.randomElement(using: &random)!
                        family = familyNames.randomElement(using: &random)!
                    } while usedNames.contains("\(given) \(family)") || ["Jade Mensah", "Tyler Brooks", "Sam Carter", "Leah Price"].contains("\(given) \(family)")
                }
                // The demo pair keep the random draws of their places, so everyone else stays as before.
                if schoolIndex == 0 && index == 3 { (given, family) = ("Sam", "Carter") }
                if schoolIndex == 0 && index == 13 { (given, family) = ("Leah", "Price") }
                usedNames.insert("\(given) \(family)")
                let username = "\(given).\(family)".lowercased()
                let year = isMentor ? Int.random(in: 10...12, using: &random) : Int.random(in: 7...9, using: &random)
                let gender: Gender = [.girl, .boy, .girl, .boy, .nonBinary, .unsaid].randomElement(using: &random)!
                let student = Person(
                    organisationID: organisationID, schoolID: school.id!, role: isMentor ? .mentor : .mentee,
                    givenName: given, familyName: family, username: username, yearGroup: year, gender: gender,
                    capacity: isMentor ? max(index == 3 ? 2 : 1, [1, 1, 2, 2, 3].randomElement(using: &random)!) : nil,
                    sourceID: "\(school.sourceID)-S\(1000 + index)")
                student.passwordHash = hashes[username]
                try await student.create(on: database)
                try await profile(for: student, mentor: isMentor, random: &random).create(on: database)
                // At Northgate most mentors have done their training (in person) and some have written a story;
                // the demo mentor, Jade, and two others still have training to do.
                if schoolIndex == 0 && isMentor && index >= 3 {
                    try await TrainingCompletion(personID: student.requireID(), moduleID: TrainingCompletion.inPerson,
                                                 completedAt: programme.startsOn, recordedByID: coordinatorID).create(on: database)
                    if index < 3 + stories.count {
                        let (title, body, tags) = stories[index - 3]
                        let story = MentorStory()
                        story.$mentor.id = try student.requireID()
                        story.$school.id = try school.requireID()
                        story.title = title
                        story.body = body
                        story.tags = tags
                        story.createdAt = programme.startsOn
                        try await story.create(on: database)
                    }
                }
            }
        }
    }

    private static let stories: [(String, String, [String])] = [
        ("Starting again somewhere new", "I got moved here in Year 9 and didn't talk to anyone for weeks. What helped was one teacher who let me help in the art room at lunch. Small stuff first.", ["changing-school", "confidence"]),
        ("When I used to kick off", "I used to get sent out most days. I learnt to notice the feeling in my chest before it blew up, and to ask for five minutes outside. It still happens, just less.", ["anger"]),
        ("Exams didn't go to plan", "I failed my mocks. I made a timetable with tiny bits each day and asked for past papers. I passed English the second time.", ["exams", "focus"]),
        ("Falling out with my best mate", "We stopped talking for a whole term. In the end I said sorry for my part, even though it wasn't all me. We're fine now.", ["friendships"]),
        ("Things at home", "Home was loud and hard for a while. Having somewhere quiet at school to do homework helped, and telling one adult what was going on.", ["family", "anxiety"]),
    ]

    static func profile(for student: Person, mentor: Bool, random: inout SeededGenerator) throws -> MentoringProfile {
        let profile = MentoringProfile(personID: try student.requireID())
        func pick(_ list: [Vocabulary.Tag], _ count: ClosedRange<Int>) -> [String] {
            Array(list.shuffled(using: &random).prefix(Int.random(in: count, using: &random)).map(\.id)).sorted()
        }
        profile.interests = pick(Vocabulary.interests, 2...6)
        profile.dislikes = pick(Vocabulary.dislikes, 1...3)
        profile.currentChallenges = mentor ? pick(Vocabulary.challenges, 0...1) : pick(Vocabulary.challenges, 1...3)
        profile.overcomeChallenges = mentor ? pick(Vocabulary.challenges, 1...3) : pick(Vocabulary.challenges, 0...1)
        // Break and lunch are free for almost everyone; lessons less often.
        profile.freePeriods = Vocabulary.freePeriodIDs.filter { slot in
            let chance = slot.hasSuffix("-break") || slot.hasSuffix("-lunch") ? 0.8 : 0.12
            return Double.random(in: 0..<1, using: &random) < chance
        }
        profile.wantsSameGenderMentor = !mentor && Int.random(in: 0..<5, using: &random) == 0
        profile.about = [
            "I'm quiet at first but I talk loads once I know you.", "Ask me about my dog.",
            "I like making things and I'm trying to get better at maths.", "Football most days after school.",
            "I moved here last year so I know what it's like being new.", "",
        ].randomElement(using: &random)!
        return profile
    }
}
