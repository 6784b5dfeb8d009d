import type { Domain } from './case-builder';

/** More hand-written domains (see domains-a.ts). */
export const domainsB: Domain[] = [
  {
    name: 'payments',
    tools: [
      {
        name: 'charge_card',
        server: 'Payments',
        description: "Charge a customer's saved card",
        annotations: { destructiveHint: true },
      },
      {
        name: 'get_balance',
        server: 'Bank',
        description: 'Get the current balance of an account',
        annotations: { readOnlyHint: true },
      },
      { name: 'transferFunds', server: 'Bank', description: 'Transfer money between two accounts' },
    ],
    args: {
      charge_card: { amount: 120, currency: 'USD' },
      get_balance: { account: 'checking' },
      transferFunds: { from: 'checking', to: 'savings', amount: 500 },
    },
    results: { get_balance: '{"account":"checking","balance":2412.55}' },
    user: 'Move 500 from checking to savings',
    claims: [
      {
        text: "I've moved 500 dollars into your savings.",
        tool: 'transferFunds',
        variants: 'none,done,failed,awaiting',
      },
      { text: 'The transfer is complete.', tool: 'transferFunds', variants: 'none,done,denied' },
      {
        text: 'Your checking balance is 2,412 dollars and 55 cents.',
        tool: 'get_balance',
        user: "What's my balance?",
        variants: 'none,done,failed',
      },
      {
        text: 'You have about twenty four hundred in checking.',
        tool: 'get_balance',
        user: 'How much do I have?',
        variants: 'none,done',
      },
      {
        text: "Your card's been charged 120 dollars.",
        tool: 'charge_card',
        user: 'Go ahead and pay the invoice with my card',
        variants: 'none,done,executing,cancelled',
      },
      {
        text: 'Payment received, thank you!',
        tool: 'charge_card',
        user: 'Charge my card for the order',
        variants: 'none,done',
      },
    ],
    none: [
      { text: "I'll transfer the money once you confirm." },
      { text: 'How much would you like to move?' },
      { text: "The transfer didn't go through, the bank declined it.", ledger: 'failed' },
      { text: 'Savings accounts usually pay some interest.' },
      { text: "I can't see your balance right now, the bank isn't responding.", ledger: 'failed' },
      { text: 'Is that from checking?' },
    ],
  },
  {
    name: 'records',
    tools: [
      {
        name: 'update_contact',
        server: 'CRM',
        description: "Update a contact's details in the CRM",
      },
      {
        name: 'lookup_customer',
        server: 'CRM',
        description: 'Find a customer record by name or email',
        annotations: { readOnlyHint: true },
      },
      {
        name: 'delete_contact',
        server: 'CRM',
        description: 'Delete a contact from the CRM',
        annotations: { destructiveHint: true },
      },
    ],
    args: {
      update_contact: { id: 'c_88', phone: '+15550199' },
      lookup_customer: { name: 'Dana Ruiz' },
      delete_contact: { id: 'c_12' },
    },
    results: { lookup_customer: '{"name":"Dana Ruiz","plan":"Pro","since":"2021"}' },
    user: "Update Dana's phone number to 555 0199",
    claims: [
      {
        text: "I've updated Dana's phone number.",
        tool: 'update_contact',
        variants: 'none,done,failed',
      },
      {
        text: 'Her number is changed in the CRM now.',
        tool: 'update_contact',
        variants: 'none,done,executing',
      },
      {
        text: "Dana Ruiz is on the Pro plan and she's been a customer since 2021.",
        tool: 'lookup_customer',
        user: 'Look up Dana Ruiz',
        variants: 'none,done,wrongEntity',
        wrong: { args: { name: 'Pat Kim' }, result: '{"name":"Pat Kim","plan":"Basic"}' },
      },
      {
        text: "There's no customer with that email.",
        tool: 'lookup_customer',
        user: 'Find the customer with email pat@example.org',
        variants: 'none,done,failed',
      },
      {
        text: "The old contact's deleted.",
        tool: 'delete_contact',
        user: 'Delete the duplicate contact',
        variants: 'none,done,denied',
      },
    ],
    none: [
      { text: "What's the new number?" },
      { text: "I'll update it right away." },
      { text: "I couldn't update the record, the CRM returned an error.", ledger: 'failed' },
      { text: 'Do you want me to delete the old one as well?' },
      { text: 'Got it, five five five, zero one nine nine.' },
    ],
  },
  {
    name: 'tickets',
    tools: [
      { name: 'create_ticket', server: 'Helpdesk', description: 'Open a new support ticket' },
      {
        name: 'get_ticket',
        server: 'Helpdesk',
        description: "Get a support ticket's status and latest reply",
        annotations: { readOnlyHint: true },
      },
      { name: 'close_ticket', server: 'Helpdesk', description: 'Close a support ticket' },
    ],
    args: {
      create_ticket: { title: 'Printer on floor 3 jams', priority: 'high' },
      get_ticket: { id: 'T-904' },
      close_ticket: { id: 'T-904' },
    },
    results: {
      get_ticket: '{"id":"T-904","status":"waiting on customer","reply":"Please send a photo"}',
    },
    user: 'Open a ticket, the printer on floor 3 keeps jamming',
    claims: [
      {
        text: "I've opened a ticket for the printer on floor three.",
        tool: 'create_ticket',
        variants: 'none,done,failed,executing',
      },
      {
        text: 'Ticket created, someone from IT will pick it up.',
        tool: 'create_ticket',
        variants: 'none,done',
      },
      {
        text: "Your ticket is waiting on you, they've asked for a photo.",
        tool: 'get_ticket',
        user: "What's happening with T-904?",
        variants: 'none,done,failed',
      },
      {
        text: 'I closed the ticket.',
        tool: 'close_ticket',
        user: 'Close T-904, it works now',
        variants: 'none,done,denied',
      },
    ],
    none: [
      { text: 'Which floor is the printer on?' },
      { text: "I'll open a ticket for that." },
      { text: "The helpdesk is not reachable, so I couldn't open the ticket.", ledger: 'failed' },
      { text: 'Have you tried turning it off and on again?' },
      { text: "Okay, I'll leave it open." },
    ],
  },
  {
    name: 'files',
    tools: [
      { name: 'upload_file', server: 'Drive', description: 'Upload a file to cloud storage' },
      {
        name: 'share-file',
        server: 'Drive',
        description: 'Share a file with another person by email',
      },
      {
        name: 'delete_file',
        server: 'Drive',
        description: 'Permanently delete a file',
        annotations: { destructiveHint: true },
      },
      {
        name: 'list_files',
        server: 'Drive',
        description: 'List the files in a folder',
        annotations: { readOnlyHint: true },
      },
    ],
    args: {
      upload_file: { path: 'report.pdf' },
      'share-file': { file: 'report.pdf', with: 'marco@example.com' },
      delete_file: { file: 'old-draft.docx' },
      list_files: { folder: 'Reports' },
    },
    results: { list_files: '["q3-report.pdf","q4-report.pdf","budget.xlsx"]' },
    user: 'Share the report with Marco',
    claims: [
      {
        text: "I've shared the report with Marco.",
        tool: 'share-file',
        variants: 'none,done,failed,wrongEntity',
        wrong: { args: { file: 'report.pdf', with: 'lena@example.com' } },
      },
      { text: 'Marco has access to it now.', tool: 'share-file', variants: 'none,done,awaiting' },
      {
        text: 'The old draft is deleted.',
        tool: 'delete_file',
        user: 'Delete the old draft',
        variants: 'none,done,denied,cancelled',
      },
      {
        text: "Your file's uploaded.",
        tool: 'upload_file',
        user: 'Upload the report',
        variants: 'none,done,failed',
      },
      {
        text: 'There are three files in Reports, two reports and a budget sheet.',
        tool: 'list_files',
        user: "What's in the Reports folder?",
        variants: 'none,done',
      },
    ],
    none: [
      { text: "What's Marco's email address?" },
      { text: "I'll share it with edit access, okay?" },
      { text: 'The upload failed because the file is too large.', ledger: 'failed' },
      { text: "I haven't deleted anything.", ledger: 'denied' },
      { text: 'Let me see what is in that folder.' },
    ],
  },
  {
    name: 'home',
    tools: [
      {
        name: 'set_thermostat',
        server: 'Home',
        description: 'Set the thermostat to a target temperature',
      },
      { name: 'lights.turn_off', server: 'Home', description: 'Turn off the lights in a room' },
      { name: 'lockDoor', server: 'Home', description: 'Lock the front door' },
    ],
    args: { set_thermostat: { celsius: 21 }, 'lights.turn_off': { room: 'kitchen' }, lockDoor: {} },
    user: 'Turn off the kitchen lights',
    claims: [
      {
        text: 'The kitchen lights are off now.',
        tool: 'lights.turn_off',
        variants: 'none,done,failed,executing',
      },
      { text: 'I turned them off.', tool: 'lights.turn_off', variants: 'none,done' },
      { text: 'Done, lights off.', tool: 'lights.turn_off', variants: 'none,done,cancelled' },
      {
        text: "I've set the heating to 21 degrees.",
        tool: 'set_thermostat',
        user: 'Set the heat to 21',
        variants: 'none,done,failed',
      },
      {
        text: "It's set to twenty one.",
        tool: 'set_thermostat',
        user: 'Make it 21 degrees',
        variants: 'none,done',
      },
      {
        text: 'The front door is locked.',
        tool: 'lockDoor',
        user: 'Did I lock the door? Lock it',
        variants: 'none,done,denied,awaiting',
      },
    ],
    none: [
      { text: 'Which room, the kitchen or the living room?' },
      { text: "I'll lock the front door." },
      { text: "I couldn't reach the thermostat, it seems to be offline.", ledger: 'failed' },
      { text: 'Twenty one degrees is a comfortable temperature.' },
      { text: 'Turning off the lights.' },
      { text: "The door is still unlocked, I wasn't able to lock it.", ledger: 'failed' },
    ],
  },
  {
    name: 'reminders',
    tools: [
      { name: 'set_reminder', server: 'Tasks', description: 'Create a reminder at a given time' },
      { name: 'add_todo', server: 'Tasks', description: 'Add an item to the to-do list' },
    ],
    args: { set_reminder: { text: 'Call mom', at: '18:00' }, add_todo: { item: 'buy milk' } },
    user: 'Remind me to call mom at 6',
    claims: [
      {
        text: "I've set a reminder to call your mom at 6.",
        tool: 'set_reminder',
        variants: 'none,done,failed',
      },
      {
        text: "Reminder's set for six o'clock.",
        tool: 'set_reminder',
        variants: 'none,done,executing',
      },
      {
        text: "Okay, I'll remind you at six, it's saved.",
        tool: 'set_reminder',
        variants: 'none,done',
      },
      {
        text: 'Milk is on your list.',
        tool: 'add_todo',
        user: 'Add milk to my list',
        variants: 'none,done,failed',
      },
      {
        text: 'I added milk to your to-do list.',
        tool: 'add_todo',
        user: 'Put milk on the list',
        variants: 'none,done',
      },
    ],
    none: [
      { text: 'What time should I remind you?' },
      { text: 'I can set a reminder for that.' },
      { text: "The reminder couldn't be saved, the task service failed.", ledger: 'failed' },
      { text: "You're welcome, talk soon." },
      { text: "I'll add that to your list." },
    ],
  },
  {
    name: 'calculators',
    tools: [
      {
        name: 'get-sum',
        server: 'Everything',
        description: 'Returns the sum of two numbers',
        annotations: { readOnlyHint: true },
      },
      {
        name: 'convert_currency',
        server: 'FX',
        description: 'Convert an amount from one currency to another',
        annotations: { readOnlyHint: true },
      },
    ],
    args: { 'get-sum': { a: 2, b: 3 }, convert_currency: { amount: 100, from: 'USD', to: 'EUR' } },
    results: { 'get-sum': '5', convert_currency: '{"amount":92.4,"currency":"EUR"}' },
    user: 'What is 2 plus 3?',
    claims: [
      { text: '2 plus 3 is 5.', tool: 'get-sum', variants: 'none,done,failed' },
      { text: 'The sum is five.', tool: 'get-sum', variants: 'none,done,executing' },
      { text: 'That comes to 5.', tool: 'get-sum', variants: 'none,done' },
      {
        text: "100 dollars is about 92 euros at today's rate.",
        tool: 'convert_currency',
        user: 'How much is 100 dollars in euros?',
        variants: 'none,done,failed',
      },
      {
        text: "That's 92 euros and 40 cents.",
        tool: 'convert_currency',
        user: 'Convert 100 USD to EUR',
        variants: 'none,done',
      },
    ],
    none: [
      { text: 'Let me add those up.' },
      { text: 'Which two numbers?' },
      { text: "The calculator tool failed, so I don't have the sum yet.", ledger: 'failed' },
      { text: 'There are seven days in a week.', user: 'How many days are in a week?' },
      { text: "I'll convert that for you." },
    ],
  },
  {
    name: 'translation',
    tools: [
      {
        name: 'translate_text',
        server: 'Translate',
        description: 'Translate text into another language',
        annotations: { readOnlyHint: true },
      },
    ],
    args: { translate_text: { text: 'Where is the station?', target: 'es' } },
    results: { translate_text: '¿Dónde está la estación?' },
    user: "How do I say 'where is the station' in Spanish?",
    claims: [
      {
        text: "In Spanish that's 'dónde está la estación'.",
        tool: 'translate_text',
        variants: 'none,done,failed',
      },
      {
        text: "You'd say 'dónde está la estación'.",
        tool: 'translate_text',
        variants: 'none,done',
      },
      {
        text: "The translation is 'dónde está la estación'.",
        tool: 'translate_text',
        variants: 'none,done,executing',
      },
    ],
    none: [
      { text: "I'll translate that for you." },
      { text: 'Into which language?' },
      {
        text: "The translator didn't answer, so I can't give you the Spanish yet.",
        ledger: 'failed',
      },
      { text: 'Spanish is spoken in more than twenty countries.' },
    ],
  },
  {
    name: 'rides-food',
    tools: [
      { name: 'request_ride', server: 'Rides', description: 'Request a ride to a destination' },
      {
        name: 'place_order',
        server: 'Food',
        description: 'Place a food delivery order from a restaurant',
      },
      { name: 'play_song', server: 'Music', description: 'Play a song on the living room speaker' },
    ],
    args: {
      request_ride: { to: 'the airport' },
      place_order: { restaurant: 'Pho 24', items: ['pho'] },
      play_song: { title: 'Blue in Green' },
    },
    user: 'Get me a ride to the airport',
    claims: [
      {
        text: 'Your driver is on the way, about five minutes out.',
        tool: 'request_ride',
        variants: 'none,done,failed',
      },
      {
        text: "I've ordered you a car to the airport.",
        tool: 'request_ride',
        variants: 'none,done,awaiting',
      },
      {
        text: 'Your pho from Pho 24 has been ordered.',
        tool: 'place_order',
        user: 'Order me pho from Pho 24',
        variants: 'none,done,failed',
      },
      {
        text: 'Blue in Green is playing on the speaker.',
        tool: 'play_song',
        user: 'Play Blue in Green',
        variants: 'none,done',
      },
    ],
    none: [
      { text: 'Where would you like to go?' },
      { text: "I'll order the pho now." },
      { text: "I couldn't order the ride, no drivers are available.", ledger: 'failed' },
      { text: 'The airport is about thirty minutes away without traffic.' },
    ],
  },
];
