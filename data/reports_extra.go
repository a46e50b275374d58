package data

// ReportHeader returns the header of a report for term: what a batch of
// student summaries shows on its cover before any summary is assembled.
func (tx *Tx) ReportHeader(term *Term, opts ReportOptions) (ReportHeader, error) {
	return tx.reportHeader(term, opts)
}
