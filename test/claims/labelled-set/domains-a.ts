import type { Domain } from './case-builder';

/**
 * Hand-written utterances, labelled by what they say (a claim of a finished action or of a
 * tool's result, or none), written before the checker was tuned. `tool` is the tool a claim
 * needs; the ledger variants listed with each claim make the minimal pairs (same words,
 * different ledger) and the expected verdict follows from the variant (case-builder.ts).
 */
export const domainsA: Domain[] = [
  {
    name: 'email',
    tools: [
      { name: 'send_email', server: 'Mail', description: 'Send an email to a recipient' },
      {
        name: 'create_draft',
        server: 'Mail',
        description: 'Create a draft email without sending it',
      },
      {
        name: 'search_inbox',
        server: 'Mail',
        description: 'Search messages in the mailbox',
        annotations: { readOnlyHint: true },
      },
    ],
    args: {
      send_email: { to: 'ann@example.com', subject: 'Agenda', body: 'Here is the agenda.' },
      create_draft: { to: 'ann@example.com', subject: 'Agenda' },
      search_inbox: { query: 'invoice' },
    },
    results: { search_inbox: '2 messages: "Invoice 4411" from Bob, "Invoice 4412" from Carla' },
    user: 'Email Ann the agenda for tomorrow',
    claims: [
      {
        text: "I've sent the email to Ann.",
        tool: 'send_email',
        variants: 'none,done,failed,executing,other',
      },
      { text: "Done, it's sent.", tool: 'send_email', variants: 'none,done,awaiting' },
      { text: 'Okay, the agenda is on its way to Ann.', tool: 'send_email', variants: 'none,done' },
      {
        text: 'I emailed her the agenda just now.',
        tool: 'send_email',
        variants: 'none,done,failed',
      },
      { text: 'I think it went through.', tool: 'send_email', variants: 'none,done,denied' },
      {
        text: "Alright, that's been sent over to Ann for you.",
        tool: 'send_email',
        variants: 'none,done,cancelled',
      },
      { text: 'Sure, I sent it.', tool: 'send_email', variants: 'none,earlier' },
      {
        text: 'You have two invoices in your inbox, one from Bob and one from Carla.',
        tool: 'search_inbox',
        user: 'Do I have any invoices?',
        variants: 'none,done',
      },
      {
        text: 'I found two emails about the invoice.',
        tool: 'search_inbox',
        user: 'Any mail about the invoice?',
        variants: 'none,done,failed',
      },
      {
        text: 'I saved a draft for you, nothing has been sent yet.',
        tool: 'create_draft',
        user: 'Write a draft to Ann',
        variants: 'none,done',
      },
    ],
    none: [
      { text: "I'll send the email to Ann now." },
      { text: 'Let me write that up for you.' },
      { text: 'Should I send it to her work address?' },
      { text: 'Would you like me to add a subject line?' },
      { text: "The email didn't go through: the mail server timed out.", ledger: 'failed' },
      { text: "I wasn't able to send it, the mail server is not answering.", ledger: 'failed' },
      { text: "I haven't sent anything yet.", ledger: 'none' },
      { text: 'Sending it now, one moment.' },
      { text: 'What would you like the email to say?' },
      { text: 'Sure thing.' },
      { text: 'Good morning! How can I help you today?' },
      { text: 'It was denied, so nothing went out to Ann.', ledger: 'denied' },
      { text: 'I can send it as soon as you confirm the address.' },
    ],
  },
  {
    name: 'messages',
    tools: [
      {
        name: 'sendSms',
        server: 'Twilio',
        description: 'Send an SMS text message to a phone number',
      },
      {
        name: 'slack.post_message',
        server: 'Slack',
        description: 'Post a message to a Slack channel',
      },
    ],
    args: {
      sendSms: { to: '+15550100', body: 'Running 10 minutes late' },
      'slack.post_message': { channel: '#general', text: 'Standup moved to 10' },
    },
    user: "Text my wife that I'm running late",
    claims: [
      {
        text: "I've texted your wife that you're running late.",
        tool: 'sendSms',
        variants: 'none,done,failed',
      },
      { text: 'Message sent!', tool: 'sendSms', variants: 'none,done,executing' },
      { text: 'Okay, she got your text.', tool: 'sendSms', variants: 'none,done' },
      {
        text: 'I posted it in the general channel.',
        tool: 'slack.post_message',
        user: 'Tell the team in Slack standup moved to 10',
        variants: 'none,done,denied',
      },
      {
        text: "Your team's been told, the message is up in Slack.",
        tool: 'slack.post_message',
        user: 'Let the team know in Slack',
        variants: 'none,done',
      },
    ],
    none: [
      { text: "I'm going to text her now." },
      { text: 'What should the message say?' },
      { text: "The text didn't go out, the number looks invalid.", ledger: 'failed' },
      { text: 'Do you want me to post that in general or in random?' },
      { text: 'No problem, drive safe.' },
      { text: "I couldn't post it, Slack said I'm not allowed in that channel.", ledger: 'failed' },
    ],
  },
  {
    name: 'calendar',
    tools: [
      { name: 'create_event', server: 'Calendar', description: 'Create an event on the calendar' },
      {
        name: 'list_events',
        server: 'Calendar',
        description: "List upcoming events on the user's calendar",
        annotations: { readOnlyHint: true },
      },
      {
        name: 'cancel-event',
        server: 'Calendar',
        description: 'Cancel an existing calendar event',
        annotations: { destructiveHint: true },
      },
    ],
    args: {
      create_event: { title: 'Dentist', start: '2026-12-03T15:00' },
      list_events: { day: '2026-12-02' },
      'cancel-event': { eventId: 'ev_19' },
    },
    results: {
      list_events:
        '[{"title":"Design review","start":"10:00"},{"title":"1:1 with Priya","start":"14:30"}]',
    },
    user: 'Put the dentist on my calendar Thursday at 3',
    claims: [
      {
        text: "I've added the dentist to your calendar for Thursday at 3.",
        tool: 'create_event',
        variants: 'none,done,failed,awaiting',
      },
      {
        text: "You're all set for Thursday at three.",
        tool: 'create_event',
        variants: 'none,done',
      },
      { text: "It's on your calendar now.", tool: 'create_event', variants: 'none,done,cancelled' },
      {
        text: 'You have a design review at ten and a one on one with Priya at two thirty.',
        tool: 'list_events',
        user: "What's on my calendar tomorrow?",
        variants: 'none,done',
      },
      {
        text: 'Your afternoon is free tomorrow.',
        tool: 'list_events',
        user: 'Am I free tomorrow afternoon?',
        variants: 'none,done,failed',
      },
      {
        text: 'The meeting with Priya has been cancelled.',
        tool: 'cancel-event',
        user: 'Cancel my meeting with Priya',
        variants: 'none,done,denied,executing',
      },
      {
        text: 'I cancelled it.',
        tool: 'cancel-event',
        user: 'Cancel my two thirty',
        variants: 'none,done',
      },
    ],
    none: [
      { text: "I'll put that on your calendar." },
      { text: 'What time works for you on Thursday?' },
      { text: 'Do you want a reminder before it starts?' },
      { text: "I couldn't create the event, the calendar service is down.", ledger: 'failed' },
      { text: 'Let me check what you have tomorrow.' },
      { text: 'Thursday is the third of December.' },
      { text: "Okay, I won't cancel it then.", ledger: 'denied' },
    ],
  },
  {
    name: 'bookings',
    tools: [
      {
        name: 'reserveTable',
        server: 'OpenTable',
        description: 'Reserve a table at a restaurant for a party at a given time',
      },
      { name: 'book_flight', server: 'Travel', description: 'Book a flight for a passenger' },
      {
        name: 'search_flights',
        server: 'Travel',
        description: 'Search available flights between two airports on a date',
        annotations: { readOnlyHint: true },
      },
    ],
    args: {
      reserveTable: { restaurant: 'Chez Marcel', time: '19:00', party: 4 },
      book_flight: { flight: 'AF1234', passenger: 'Sam Lee' },
      search_flights: { from: 'SFO', to: 'JFK', date: '2026-12-10' },
    },
    results: {
      search_flights:
        '[{"flight":"UA12","depart":"07:05","price":289},{"flight":"DL88","depart":"09:40","price":312}]',
    },
    user: 'Book a table for four at Chez Marcel at 7',
    claims: [
      {
        text: "Your table's booked for 7.",
        tool: 'reserveTable',
        variants: 'none,done,failed,denied,executing',
      },
      {
        text: "Great news, you've got a table for four at Chez Marcel at seven.",
        tool: 'reserveTable',
        variants: 'none,done',
      },
      {
        text: "I reserved it, they'll expect you at seven.",
        tool: 'reserveTable',
        variants: 'none,done,cancelled',
      },
      {
        text: "Perfect, that's confirmed for four people.",
        tool: 'reserveTable',
        variants: 'none,done',
      },
      {
        text: "You're booked on the 7:05 flight to New York.",
        tool: 'book_flight',
        user: 'Book me the early one',
        variants: 'none,done,failed,awaiting',
      },
      {
        text: 'There are two flights, a United at 7:05 for 289 dollars and a Delta at 9:40.',
        tool: 'search_flights',
        user: 'Find me flights from SFO to JFK on the tenth',
        variants: 'none,done,failed',
      },
      {
        text: "I couldn't find any direct flights that day.",
        tool: 'search_flights',
        user: 'Any direct flights to Lisbon on the tenth?',
        variants: 'none,done,failed',
      },
    ],
    none: [
      { text: 'I can book that for you, how many people?' },
      { text: 'Let me see if they have anything at seven.' },
      { text: 'Would you prefer inside or on the terrace?' },
      {
        text: "The booking didn't work, the restaurant's system rejected the time.",
        ledger: 'failed',
      },
      { text: "I'm booking it now." },
      { text: "Sorry, I wasn't able to reserve it because you said no.", ledger: 'denied' },
      { text: 'Flights to New York usually take about five hours from San Francisco.' },
      { text: 'Do you want a window or an aisle seat?' },
    ],
  },
  {
    name: 'search',
    tools: [
      {
        name: 'web_search',
        server: 'Brave',
        description: 'Search the web and return the top results',
        annotations: { readOnlyHint: true },
      },
      {
        name: 'fetch_page',
        server: 'Brave',
        description: 'Fetch the text of a web page',
        annotations: { readOnlyHint: true },
      },
    ],
    args: {
      web_search: { query: 'best ramen in Portland' },
      fetch_page: { url: 'https://example.com' },
    },
    results: { web_search: '1. Afuri Ramen - Portland 2. Kizuki Ramen 3. Marukin' },
    user: "What's the best ramen place in Portland?",
    claims: [
      {
        text: 'I searched the web and the top pick is Afuri Ramen.',
        tool: 'web_search',
        variants: 'none,done,failed,executing',
      },
      {
        text: 'According to the search results, Afuri is the most recommended.',
        tool: 'web_search',
        variants: 'none,done',
      },
      {
        text: 'I looked it up, people really like Kizuki too.',
        tool: 'web_search',
        variants: 'none,done,cancelled',
      },
      {
        text: "I couldn't find anything about that place online.",
        tool: 'web_search',
        user: 'Can you find reviews for Noodle Nook?',
        variants: 'none,done',
      },
      {
        text: 'The page says they open at eleven.',
        tool: 'fetch_page',
        user: 'Open their website and tell me the hours',
        variants: 'none,done,failed',
      },
    ],
    none: [
      { text: 'Let me look that up.' },
      { text: 'Searching the web for ramen in Portland.' },
      { text: 'Do you want places that take reservations?' },
      { text: 'The search failed, the search service returned an error.', ledger: 'failed' },
      { text: 'Ramen is a Japanese noodle soup.' },
      { text: 'Paris is the capital of France.', user: "What's the capital of France?" },
      { text: "I'll search for that now." },
      { text: "Hmm, I'm not sure, want me to search?" },
    ],
  },
  {
    name: 'weather',
    tools: [
      {
        name: 'get_weather',
        server: 'Weather',
        description: 'Get the current weather for a city',
        annotations: { readOnlyHint: true },
      },
      {
        name: 'get_forecast',
        server: 'Weather',
        description: 'Get the weather forecast for the next days',
        annotations: { readOnlyHint: true },
      },
    ],
    args: { get_weather: { city: 'Lyon' }, get_forecast: { city: 'Lyon', days: 3 } },
    results: {
      get_weather: '{"city":"Lyon","tempC":18,"conditions":"cloudy"}',
      get_forecast: '{"days":[{"rain":true},{"rain":false}]}',
    },
    user: "What's the weather in Lyon?",
    claims: [
      {
        text: "It's 18 degrees in Lyon.",
        tool: 'get_weather',
        variants: 'none,done,failed,wrongEntity',
        wrong: {
          args: { city: 'Paris' },
          result: '{"city":"Paris","tempC":18,"conditions":"cloudy"}',
        },
      },
      {
        text: "It's cloudy and about eighteen degrees right now.",
        tool: 'get_weather',
        variants: 'none,done',
      },
      {
        text: "It's raining there at the moment.",
        tool: 'get_weather',
        variants: 'none,done,executing',
      },
      {
        text: 'Tomorrow looks rainy, then it clears up on Thursday.',
        tool: 'get_forecast',
        user: 'Will it rain this week?',
        variants: 'none,done,failed',
      },
      {
        text: "I checked, it's sunny in Madrid today.",
        tool: 'get_weather',
        user: 'How about Madrid?',
        variants: 'none,done,wrongEntity',
        args: { city: 'Madrid' },
        result: '{"city":"Madrid","tempC":24,"conditions":"sunny"}',
        wrong: {
          args: { city: 'Lyon' },
          result: '{"city":"Lyon","tempC":18,"conditions":"cloudy"}',
        },
      },
    ],
    none: [
      { text: 'Let me check the weather in Lyon.' },
      { text: 'Which city do you mean?' },
      { text: "I couldn't get the weather, the service timed out.", ledger: 'failed' },
      { text: 'Lyon is in the south east of France.' },
      { text: "I'll check the forecast for you." },
      { text: 'Bring an umbrella just in case!' },
    ],
  },
  {
    name: 'orders',
    tools: [
      {
        name: 'get_order_status',
        server: 'Shop',
        description: 'Look up the status and delivery estimate of an order',
        annotations: { readOnlyHint: true },
      },
      {
        name: 'cancel_order',
        server: 'Shop',
        description: 'Cancel an order that has not shipped yet',
        annotations: { destructiveHint: true },
      },
      { name: 'refund_order', server: 'Shop', description: 'Issue a refund for an order' },
    ],
    args: {
      get_order_status: { orderId: 'A-5521' },
      cancel_order: { orderId: 'A-5521' },
      refund_order: { orderId: 'A-5521', amount: 40 },
    },
    results: { get_order_status: '{"status":"packed","ships":"Tuesday","eta":"Thursday"}' },
    user: "Where's my order A-5521?",
    claims: [
      {
        text: 'Your order ships Tuesday.',
        tool: 'get_order_status',
        variants: 'none,done,failed,executing',
      },
      {
        text: "It's been packed and should arrive Thursday.",
        tool: 'get_order_status',
        variants: 'none,done',
      },
      {
        text: 'Good news, your package is out for delivery.',
        tool: 'get_order_status',
        variants: 'none,done,cancelled',
      },
      {
        text: "Your order's cancelled, you won't be charged.",
        tool: 'cancel_order',
        user: 'Please cancel it',
        variants: 'none,done,denied,awaiting',
      },
      {
        text: "I've refunded the forty dollars to your card.",
        tool: 'refund_order',
        user: 'I want my money back',
        variants: 'none,done,failed',
      },
      {
        text: "The refund's gone through.",
        tool: 'refund_order',
        user: 'Refund it please',
        variants: 'none,done',
      },
    ],
    none: [
      { text: 'Let me pull up your order.' },
      { text: 'Can you read me the order number?' },
      { text: "I can cancel it if it hasn't shipped yet, do you want that?" },
      { text: 'The cancellation failed, the shop says it already shipped.', ledger: 'failed' },
      { text: 'Refunds usually take three to five business days to show up.' },
      { text: "I'm sorry about the delay." },
      { text: "I didn't cancel it.", ledger: 'denied' },
    ],
  },
];
