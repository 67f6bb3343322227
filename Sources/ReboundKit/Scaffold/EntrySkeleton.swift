/// The text of a new entry: every front-matter field, each with a short prompt in a comment,
/// and the body headings. It parses with no warning as it is, so an entry can be saved half-done.
enum EntrySkeleton {
    static func text(title: String?, kind: Entry.Kind?, date: CalendarDay) -> String {
        let kinds = Entry.Kind.allCases.map(\.rawValue).joined(separator: ", ")
        return """
        ---
        # A few words for this day.
        title: \(title.map(quoted) ?? "")
        date: \(date)
        # What was it about? \(kinds)
        kind: \(kind?.rawValue ?? "")
        # How are you, overall, right now? 0 is the lowest, 10 the best.
        mood:

        # What are you feeling? Give each feeling a name and a strength from 0 to 10,
        # and write down the thought that came with it. When you have finished
        # writing, come back and rate it again in `after`.
        emotions:
          # - {name: hurt, intensity: 7, thought: "Nobody wanted me there.", after: 5}

        # Is one of those thoughts being hard on you? Copy it here and answer it.
        # Is it a thought or a fact? What would you tell a friend who thought it?
        challenges:
          # - {thought: "I always mess things up.", response: "I got two hard things right this week."}

        # What could soothe each sense today? sight, sound, smell, taste, touch, movement
        self_care:
          # - {sense: touch, what: "a long warm shower"}

        # Who is on your side? Who could you call or message today?
        support: []

        # Looking after your body: hours of sleep, glasses of water, minutes of movement, meals.
        habits: {sleep: , water: , exercise: , meals: }

        # What can this teach you? What is one small thing you can do next?
        # (You can also write them under the headings at the end.)
        learned: []
        next: []
        tags: []
        ---

        ## What happened

        ## How I feel about it

        ## What I learned

        ## Moving forward

        """
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
