package exposure

import (
	"encoding/json"
	"fmt"
)

// Tally counts assessments per tier and per exposed category: the figures a
// regulator asks for ("how many passport numbers?"). The zero value is an
// empty tally. A Tally is not safe for concurrent use: give each worker its
// own and [Tally.Merge] them at the end.
type Tally struct {
	tiers       [numTiers]int64
	categories  [numCategories]int64
	needsReview int64
}

// Add counts one assessment.
func (t *Tally) Add(a Assessment) {
	t.tiers[a.tier%numTiers]++
	for c := range a.exposed.All() {
		t.categories[c]++
	}
	if a.review {
		t.needsReview++
	}
}

// Merge adds o's counts to t.
func (t *Tally) Merge(o Tally) {
	for i, n := range o.tiers {
		t.tiers[i] += n
	}
	for i, n := range o.categories {
		t.categories[i] += n
	}
	t.needsReview += o.needsReview
}

// Total returns the number of assessments counted, TierNone included.
func (t *Tally) Total() int64 {
	var n int64
	for _, v := range t.tiers {
		n += v
	}
	return n
}

// Tier returns the number of assessments of tier tr.
func (t *Tally) Tier(tr Tier) int64 {
	if !tr.Valid() {
		return 0
	}
	return t.tiers[tr]
}

// Category returns the number of assessments that exposed c.
func (t *Tally) Category(c Category) int64 {
	if !c.Valid() {
		return 0
	}
	return t.categories[c]
}

// NeedsReview returns the number of assessments flagged for review.
func (t *Tally) NeedsReview() int64 { return t.needsReview }

// MarshalJSON encodes the tally as
//
//	{"total":3,"tiers":{"none":0,"low":2,...},"categories":{"name":3,...},"needs_review":0}
//
// with every tier and every category present, in declaration order.
func (t Tally) MarshalJSON() ([]byte, error) {
	b := fmt.Appendf(nil, `{"total":%d,"tiers":{`, t.Total())
	for tr := range Tier(numTiers) {
		if tr > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, `"%s":%d`, tr, t.tiers[tr])
	}
	b = append(b, `},"categories":{`...)
	for c := Category(1); c < numCategories; c++ {
		if c > 1 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, `"%s":%d`, c, t.categories[c])
	}
	return fmt.Appendf(b, `},"needs_review":%d}`, t.needsReview), nil
}

// UnmarshalJSON decodes the form MarshalJSON writes, so tallies from separate
// processes can be merged. Unknown tier or category names are errors; the
// total is checked against the tiers.
func (t *Tally) UnmarshalJSON(data []byte) error {
	var w struct {
		Total       int64              `json:"total"`
		Tiers       map[Tier]int64     `json:"tiers"`
		Categories  map[Category]int64 `json:"categories"`
		NeedsReview int64              `json:"needs_review"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	var out Tally
	for tr, n := range w.Tiers {
		out.tiers[tr] = n
	}
	for c, n := range w.Categories {
		out.categories[c] = n
	}
	out.needsReview = w.NeedsReview
	if out.Total() != w.Total {
		return fmt.Errorf("exposure: tally total %d does not match its tiers (%d)", w.Total, out.Total())
	}
	*t = out
	return nil
}
