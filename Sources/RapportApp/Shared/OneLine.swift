extension String {
    /// The text as one printable line: control and format characters (line breaks, escapes, direction marks) become
    /// spaces. For places where typed or imported text must not start a new line: audit subjects, e-mail headers.
    var oneLine: String {
        String(String.UnicodeScalarView(unicodeScalars.map {
            $0.properties.generalCategory == .control || $0.properties.generalCategory == .format ? " " : $0
        }))
    }
}
