/// The exact sequence of adds, subtracts and writes that the PDQ reference's `box1DFloat`
/// performs along one line of `length` samples with a box window of `windowSize`.
///
/// The reference keeps a running float sum and, at each step, adds the sample entering the
/// window, subtracts the one leaving it, and writes `sum / windowSize`. Float addition is not
/// associative, so to be bit-identical every kernel here replays this schedule step by step,
/// in the same order, for each line (vectorised across independent lines, never reordered
/// within one).
struct BoxSchedule {
    /// One step: indices are -1 when the step has no such operation.
    struct Step {
        var add: Int32
        var subtract: Int32
        var output: Int32
        var divisor: Float
    }

    let steps: [Step]
    let length: Int

    /// The reference's window size for shrinking `oldDimension` to `newDimension` (rounded up).
    static func jaroszWindowSize(oldDimension: Int, newDimension: Int) -> Int {
        (oldDimension + 2 * newDimension - 1) / (2 * newDimension)
    }

    init(length: Int, windowSize: Int) {
        self.length = length
        let half = (windowSize + 2) / 2
        let phase1 = half - 1
        let phase2 = windowSize - half + 1
        let phase3 = length - windowSize
        let phase4 = half - 1
        var steps: [Step] = []
        steps.reserveCapacity(max(0, phase1) + max(0, phase2) + max(0, phase3) + max(0, phase4))
        var left: Int32 = 0, right: Int32 = 0, out: Int32 = 0, window = 0
        for _ in 0..<max(0, phase1) {
            window += 1
            steps.append(Step(add: right, subtract: -1, output: -1, divisor: 0))
            right += 1
        }
        for _ in 0..<max(0, phase2) {
            window += 1
            steps.append(Step(add: right, subtract: -1, output: out, divisor: Float(window)))
            right += 1; out += 1
        }
        for _ in 0..<max(0, phase3) {
            steps.append(Step(add: right, subtract: left, output: out, divisor: Float(window)))
            left += 1; right += 1; out += 1
        }
        for _ in 0..<max(0, phase4) {
            window -= 1
            steps.append(Step(add: -1, subtract: left, output: out, divisor: Float(window)))
            left += 1; out += 1
        }
        self.steps = steps
    }
}
