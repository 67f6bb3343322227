import Foundation

/// One rating of an emotion in one entry.
public struct EmotionPoint: Sendable, Equatable {
    /// The day of the entry that rated it.
    public var date: CalendarDay
    /// The intensity before writing, 0–10.
    public var intensity: Int?
    /// The intensity re-rated after writing, 0–10.
    public var after: Int?
    /// The entry that rated it.
    public var ref: EntryRef

    /// A rating as given.
    public init(date: CalendarDay, intensity: Int?, after: Int?, ref: EntryRef) {
        self.date = date
        self.intensity = intensity
        self.after = after
        self.ref = ref
    }
}

/// A thought that came with an emotion, and where it was written.
public struct ThoughtItem: Sendable, Equatable {
    /// The thought as written.
    public var text: String
    /// The entry it was written in.
    public var ref: EntryRef

    /// A thought and where it was written.
    public init(text: String, ref: EntryRef) {
        self.text = text
        self.ref = ref
    }
}

/// Everything the workbook says about one emotion, for the emotions page.
public struct EmotionSummary: Sendable, Equatable {
    /// The name trimmed and lower-cased, so "Hurt" and "hurt " are one emotion.
    public var name: String
    /// A slug unique among the emotions, for html ids.
    public var slug: String
    /// How many times it was named.
    public var count: Int
    /// Mean intensity before writing, over the ratings that give one.
    public var averageIntensity: Double?
    /// Mean of `after − intensity` over the ratings that give both; negative means writing eased it.
    public var averageChange: Double?
    /// Every rating, oldest first.
    public var points: [EmotionPoint]
    /// The thoughts it came with, newest first.
    public var thoughts: [ThoughtItem]
    /// Each way its name was written in the entries, in the order first written, as
    /// `summaries` gathers them; empty for a summary made from its parts.
    var spellings: [String] = []
    /// An inline SVG of intensity over time; empty when no rating has an intensity. Drawn when
    /// asked for: a page that keeps the emotion's part as it was never needs it.
    public var sparkline: String {
        Charts.sparkline(points: points, idPrefix: "spark-\(slug)", label: "\(name): intensity over time")
    }

    /// Summarises `points` (oldest first) and `thoughts` (newest first) of the emotion `name`.
    public init(name: String, slug: String, points: [EmotionPoint], thoughts: [ThoughtItem]) {
        self.name = name
        self.slug = slug
        self.count = points.count
        self.points = points
        self.thoughts = thoughts
        self.averageIntensity = NumberText.mean(points.compactMap { $0.intensity.map(Double.init) })
        self.averageChange = NumberText.mean(points.compactMap { point in
            guard let before = point.intensity, let after = point.after else { return nil }
            return Double(after - before)
        })
    }

    /// The name as emotions are matched: trimmed and lower-cased.
    public static func normalisedName(_ name: String) -> String {
        name.trimmingWhitespaceAndNewlines.lowercased()
    }

    /// One summary per emotion named in `entries` (sorted oldest first), most frequent first,
    /// then by name.
    static func summaries(_ entries: [Entry]) -> [EmotionSummary] {
        // Each emotion's place, by its name as written, so a name written the same way again is
        // neither trimmed nor lower-cased again, and by its name as matched.
        var byWritten: [String: Int] = [:]
        var byName: [String: Int] = [:]
        var names: [String] = []
        var spellings: [[String]] = []
        var points: [[EmotionPoint]] = []
        var thoughts: [[ThoughtItem]] = []
        for entry in entries {
            let ref = EntryRef(entry)
            for emotion in entry.emotions {
                let place: Int
                if let known = byWritten[emotion.name] {
                    place = known
                } else {
                    let name = normalisedName(emotion.name)
                    place = name.isEmpty ? -1 : byName[name] ?? names.count
                    if place == names.count {
                        byName[name] = place
                        names.append(name)
                        spellings.append([])
                        points.append([])
                        thoughts.append([])
                    }
                    byWritten[emotion.name] = place
                    if place >= 0 { spellings[place].append(emotion.name) }
                }
                guard place >= 0 else { continue }
                points[place].append(EmotionPoint(date: entry.date, intensity: emotion.intensity, after: emotion.after, ref: ref))
                if let thought = emotion.thought?.trimmingWhitespaceAndNewlines, !thought.isEmpty {
                    thoughts[place].append(ThoughtItem(text: thought, ref: ref))
                }
            }
        }
        let sorted = names.indices.sorted { a, b in
            let (countA, countB) = (points[a].count, points[b].count)
            return countA != countB ? countA > countB : names[a] < names[b]
        }
        var usedSlugs = UniqueNames()
        return sorted.map { place in
            let slug = usedSlugs.claim(Slug.make(names[place], fallback: "emotion"))
            // Newest first, turned in place rather than copied, through the buffer: its swaps
            // move the items, where an array's copy each one, counting references to its texts.
            var newestFirst: [ThoughtItem] = []
            swap(&newestFirst, &thoughts[place])
            newestFirst.withUnsafeMutableBufferPointer { $0.reverse() }
            var summary = EmotionSummary(name: names[place], slug: slug, points: points[place], thoughts: newestFirst)
            summary.spellings = spellings[place]
            return summary
        }
    }
}
