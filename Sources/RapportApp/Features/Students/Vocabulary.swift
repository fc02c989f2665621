/// The fixed tag lists students choose from. Fixed lists keep profiles comparable for matching
/// and keep free text (which could hold anything) out of the places other students see.
enum Vocabulary {
    struct Tag: Sendable, Hashable {
        let id: String
        let label: String
    }

    static let interests: [Tag] = tags([
        ("football", "Football"), ("basketball", "Basketball"), ("boxing", "Boxing"), ("gym", "Gym and fitness"),
        ("dance", "Dance"), ("skating", "Skateboarding"), ("cycling", "Cycling and BMX"), ("swimming", "Swimming"),
        ("gaming", "Video games"), ("board-games", "Board and card games"), ("drawing", "Drawing"),
        ("graffiti", "Street art"), ("photography", "Photography"), ("film", "Films"), ("anime", "Anime and manga"),
        ("reading", "Reading"), ("writing", "Writing stories or lyrics"), ("music-listening", "Listening to music"),
        ("music-making", "Making music"), ("grime", "Grime and rap"), ("singing", "Singing"),
        ("cooking", "Cooking and baking"), ("animals", "Animals"), ("nature", "Being outdoors"),
        ("cars", "Cars and bikes"), ("fixing-things", "Fixing and building things"), ("coding", "Coding"),
        ("fashion", "Fashion"), ("hair-beauty", "Hair and make-up"), ("youtube", "YouTube and streaming"),
        ("science", "Science"), ("history", "History"),
    ])

    static let dislikes: [Tag] = tags([
        ("loud-places", "Loud places"), ("crowds", "Crowds"), ("early-mornings", "Early mornings"),
        ("reading-aloud", "Reading aloud"), ("being-rushed", "Being rushed"), ("being-watched", "Being watched"),
        ("team-sports", "Team sports"), ("exams", "Exams"), ("homework", "Homework"), ("phone-calls", "Phone calls"),
        ("being-told-off", "Being told off"), ("small-talk", "Small talk"), ("waiting", "Waiting around"),
        ("unfairness", "Unfairness"),
    ])

    /// Challenges a mentee finds hard now, and the same list for what a student has got through.
    static let challenges: [Tag] = tags([
        ("changing-school", "Changing school"), ("exams", "Exams and tests"), ("anger", "Anger"),
        ("friendships", "Friendships"), ("family", "Family"), ("confidence", "Confidence"),
        ("anxiety", "Worry and anxiety"), ("bullying", "Bullying"), ("attendance", "Getting to school"),
        ("reading-writing", "Reading and writing"), ("focus", "Focusing in lessons"), ("sleep", "Sleep"),
        ("grief", "Losing someone"), ("moving-home", "Moving home"), ("online", "Things online"),
    ])

    static let days: [(id: String, label: String)] = [
        ("mon", "Monday"), ("tue", "Tuesday"), ("wed", "Wednesday"), ("thu", "Thursday"), ("fri", "Friday"),
    ]
    /// Timetable slots in a day: lessons 1–5 plus break and lunch, in the order of a school day.
    static let periods: [(id: String, label: String)] = [
        ("1", "Period 1"), ("2", "Period 2"), ("break", "Break"), ("3", "Period 3"), ("4", "Period 4"),
        ("lunch", "Lunch"), ("5", "Period 5"),
    ]
    static let freePeriodIDs: [String] = days.flatMap { day in periods.map { "\(day.id)-\($0.id)" } }

    static func label(of id: String, in list: [Tag]) -> String {
        list.first { $0.id == id }?.label ?? id
    }

    static func freePeriodLabel(_ id: String) -> String {
        let parts = id.split(separator: "-", maxSplits: 1).map(String.init)
        guard parts.count == 2, let day = days.first(where: { $0.id == parts[0] }),
              let period = periods.first(where: { $0.id == parts[1] }) else { return id }
        return "\(day.label) \(period.label.lowercased())"
    }

    private static func tags(_ pairs: [(String, String)]) -> [Tag] { pairs.map { Tag(id: $0.0, label: $0.1) } }
}
