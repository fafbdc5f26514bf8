/** What a counter appointment keeps with its booking besides the shared fields (name, phone, place). */
export interface CounterDetails {
  /** The service booked: an id in the city's `counter.services` (the booking's resource too). */
  service: string;
  /** The citizen's own words that named the service, if they wrote them: staff read what the visit is for. */
  said?: string;
}
