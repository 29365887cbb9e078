// English scripts, written for this simulator. Scam lines are suggestive, never explicit.
import type { LanguageScript } from './types.ts';

export const en: LanguageScript = {
  lang: 'en',
  country: 'US',
  personaNames: ['Jessica', 'Emily Rose', 'Ashley 💕', 'Hannah', 'Sophie B.', 'Madison', 'Chloe xo'],
  personaBios: [
    'Nursing student, love the beach and sunsets 🌅 looking for something real',
    'Just moved here, new in town and a bit lonely. Say hi!',
    'Yoga, coffee and long talks. No games please 🙏',
  ],
  peopleNames: ['Mike', 'Tyler', 'Josh', 'Ryan', 'Kevin', 'Jake', 'Brandon', 'Sarah', 'Megan', 'Lauren', 'Chris', 'Dylan'],
  messengers: ['skype', 'telegram', 'whatsapp'],
  payments: ['cashtag', 'btc', 'gift_card', 'western_union'],
  currency: { code: 'USD', symbol: '$', amounts: [300, 500, 800, 1000, 1500] },
  payApps: ['Venmo', 'Cash App', 'Zelle'],
  scam: {
    openers: [
      'Hey handsome, your smile caught my eye 😊 how is your day going?',
      'Hi there! I saw your profile and had to say hello. Are you from around here?',
      'Hello dear, you seem like a really kind guy. Can we get to know each other?',
      'Hey you 👋 I am new on here, you look sweet. What are you up to?',
    ],
    victimGreetings: ['hey! thanks, my day is good, how about you?', 'hi :) yeah I live nearby, you?', 'haha hello, sure why not'],
    flirting: [
      'I am just relaxing in bed after my shift, wish I had someone to talk to 😘',
      'You are so cute, do you have a girlfriend?',
      'I like mature guys like you, boys my age are so boring',
      'Tell me what you like to do when you are alone 😏',
      'Honestly I feel a real connection with you already',
      'Do you like girls who are a little naughty? 😇',
    ],
    victimFlirting: ['no girlfriend, single for a while', 'haha you are bold', 'same, it feels easy talking to you', 'I like that 😅'],
    escalation: [
      'I want to see you on cam, take off your shirt for me 😘',
      'Let me see your body babe, I will show you mine too',
      'Let us do something fun on video, just you and me, take off your clothes slowly 😈',
      'I am alone tonight... take off your clothes and show me your body',
    ],
    victimHesitant: ['hmm idk, we just met', 'are you serious? 😳', 'ok maybe, but only if you go first'],
    offplatform: [
      'This app is not private, add me on {app}: {handle}',
      'Let us continue on {app}, it is safer there. My ID is {handle}',
      'Message me on {app} babe {handle} and we can video call',
      'Find me on {app} 👉 {handle} I am waiting 😘',
    ],
    victimAgrees: ['ok added you', 'sent you a request', 'ok, which one is you?'],
    appLureLink: [
      'Baby I cannot hear you, the audio is not working. Install this app to fix the sound: {link}',
      'Your voice is broken on my side 😩 download this plugin first {link} then call me again',
      'There is an audio problem with your phone, get this update so we can talk: {link}',
    ],
    appLureAttachment: [
      'The sound is bad on your side, install this app I sent you and we try again',
      'My mic app says your phone needs this voice fix, install the apk and call me back',
    ],
    threat: [
      'Look at this video. I recorded everything. I have all your contacts and I will send this video to your family and friends',
      'I will upload your video to YouTube and share it with everyone on your contact list unless you do what I say',
      'Your mom, your sister, your boss... they will all see this recording in 10 minutes. Want to ruin your life?',
      'I have your video and your Facebook friends list. One click and everyone sees it',
    ],
    payment: [
      'If you want me to delete it, send me the money now: {amount} via {payment}',
      'Pay the money, {amount} to {payment}, and I will delete the video. You have 30 minutes',
      'Transfer the money now: {payment}. {amount} or I post it',
      'Send the money right now, {amount}. {payment}. Send me the screenshot when done',
    ],
    victimPleads: ['please don\'t do this', 'I don\'t have that much money', 'ok ok please wait, I am getting it', 'please delete it, I am begging you'],
    reportTexts: [
      'This account recorded me on a video call and is threatening to send it to my family unless I pay',
      'She made me install an app and now says she has my contacts. Asking for money. Please help',
      'blackmail. fake profile, wants money or will post my video',
    ],
    paymentReportTexts: ['I paid because I was scared', 'sent the money, they are asking for more now', 'paid once, they still threaten me'],
  },
  ordinary: {
    greetings: ['hey, how was your weekend?', 'hi! long time no see', 'morning! you up?', 'yo what\'s up'],
    smallTalk: [
      'just got back from the gym, so tired',
      'have you watched the new season yet? no spoilers pls',
      'my cat knocked my coffee over again lol',
      'work was crazy today, my boss changed the deadline twice',
      'we should try that new ramen place downtown',
      'it\'s raining so hard here, stuck inside all day',
    ],
    replies: ['haha same', 'omg yes', 'that sounds fun', 'ugh I feel you', 'sure, let me check my schedule', 'lol no way'],
    videoCall: [
      'want to FaceTime later? I can show you the new apartment',
      'let\'s video call tonight around 8, my parents want to say hi too',
      'call me on video when you\'re free, easier than typing',
    ],
    money: [
      'I\'ll send you {amount} for dinner via {pay_app}',
      'did you get my {pay_app}? it was {amount} for the concert tickets',
      'can you pay me back the {amount} for the groceries when you get paid?',
    ],
    tech: [
      'my mic is broken, I\'ll restart the app and call you back',
      'can you hear me? the audio keeps cutting out, my wifi is bad',
      'phone needs an update, give me 5 min',
    ],
    news: [
      'did you read that article about sextortion scams? they record guys on video and then threaten to send it to their family',
      'my cousin got a message from a fake profile asking him to install some app for the audio, he blocked her right away',
      'the news said those scammers demand money in gift cards or bitcoin, crazy',
    ],
    bios: ['Hiking, dogs and tacos', 'Software dev, amateur chef', 'Here for friends and good conversations', 'Music lover 🎸'],
  },
};
