// Tagalog and Taglish scripts, written for this simulator. Scam lines are suggestive, never explicit.
import type { LanguageScript } from './types.ts';

export const tl: LanguageScript = {
  lang: 'tl',
  country: 'PH',
  personaNames: ['Angel', 'Kristine Mae', 'Jhen 💋', 'Bea', 'Princess', 'Aira'],
  personaBios: ['Simple girl lang, looking for serious relationship 💕', 'Call center agent, night shift. Chat tayo!', 'Mabait at malambing 😊'],
  peopleNames: ['Mark', 'Jomar', 'Paolo', 'Kuya Jun', 'Rhea', 'Carlo', 'Nico', 'Janine', 'Migs', 'Ella'],
  messengers: ['whatsapp', 'telegram', 'skype'],
  payments: ['gcash', 'western_union'],
  currency: { code: 'PHP', symbol: '₱', amounts: [5000, 10000, 15000, 25000] },
  payApps: ['GCash', 'Maya'],
  scam: {
    openers: [
      'Hi pogi! Napansin ko profile mo, ang cute mo 😊 kamusta ka?',
      'Hello po, pwede ba tayo mag chat? Wala lang akong kausap ngayon',
      'Hi there, ang bait ng mukha mo. Taga saan ka?',
    ],
    victimGreetings: ['hello din, ok lang ako, ikaw?', 'hi! taga QC ako, ikaw?', 'haha salamat, sige chat tayo'],
    flirting: [
      'Nakahiga lang ako ngayon, miss ko na may kausap 😘',
      'May girlfriend ka ba? Sana wala hehe',
      'Gusto ko yung mga mature na lalaki like you',
      'Ang sarap mo kausap, parang matagal na tayong magkakilala',
      'Naughty ka ba? 😏 joke lang... or not',
    ],
    victimFlirting: ['wala, single ako', 'hala ang bold mo haha', 'ikaw din, ang gaan mo kausap'],
    escalation: [
      'Video call tayo mamaya, hubad mo shirt mo para sa akin 😘',
      'Patingin naman ng katawan mo babe, ipapakita ko rin sayo',
      'Let\'s do something fun sa cam, tayong dalawa lang, take off your clothes 😈',
    ],
    victimHesitant: ['hmm ngayon lang tayo nagkakilala eh', 'seryoso ka? 😳', 'sige pero ikaw muna'],
    offplatform: [
      'Hindi private dito, add mo ko sa {app}: {handle}',
      'Lipat tayo sa {app} babe, mas safe doon {handle}',
      'Message mo ko sa {app} {handle} para makapag video call tayo',
    ],
    victimAgrees: ['sige na-add na kita', 'ok sent na', 'alin ka dito?'],
    appLureLink: [
      'Babe hindi kita marinig, sira yung audio. I-install mo muna ito para maayos: {link}',
      'Walang sound sa side mo 😩 download mo itong app {link} tapos tawag ulit',
    ],
    appLureAttachment: ['May problema sa audio mo, install mo yung app na sinend ko tapos try ulit natin'],
    threat: [
      'Tingnan mo itong video. Na-record ko lahat. Nasa akin na contacts mo, ipapadala ko ito sa pamilya at friends mo',
      'I-upload ko video mo sa YouTube at i-send sa lahat ng contacts mo kung hindi ka susunod',
      'Makikita ng nanay mo at ng boss mo ang video na ito in 10 minutes',
    ],
    payment: [
      'Kung gusto mo burahin ko, magpadala ka ng {amount} ngayon sa {payment}',
      'Send mo {amount} sa {payment} at buburahin ko. 30 minutes lang',
      'Bayad na ngayon: {payment}. {amount} o ipo-post ko',
    ],
    victimPleads: ['please wag mo gawin ito', 'wala akong ganung pera', 'sige sige wait lang kukunin ko', 'maawa ka please'],
    reportTexts: ['Ni-record ako sa video call at pinagbabantaan na ipapadala sa pamilya ko kung hindi ako magbabayad', 'blackmail po ito, fake account, humihingi ng pera'],
    paymentReportTexts: ['Nagbayad ako kasi natakot ako', 'nagpadala na ako pero humihingi pa ng dagdag'],
  },
  ordinary: {
    greetings: ['uy kamusta weekend mo?', 'hello! tagal nating di nag-usap', 'gising ka na?', 'musta na pre'],
    smallTalk: [
      'grabe ang traffic sa EDSA kanina',
      'napanood mo na yung bagong episode? walang spoiler ha',
      'kain tayo sa Jollibee mamaya',
      'ang init ngayon, di ako makalabas',
      'pagod sa work, overtime na naman',
    ],
    replies: ['haha same', 'oo nga eh', 'sige game ako', 'hala talaga?', 'ayos yan'],
    videoCall: ['video call tayo mamaya? gusto ka makita ni Lola', 'FaceTime tayo later, ipakita ko yung bagong bahay', 'tawag ka na lang sa Messenger video, mas madali'],
    money: [
      'Send ko sayo {amount} sa {pay_app} para sa dinner natin',
      'natanggap mo ba yung {pay_app} ko? {amount} yun para sa ticket',
      'bayaran kita ng {amount} pag sahod na',
    ],
    tech: ['sira mic ko, i-restart ko lang yung app tapos tawag ulit', 'naririnig mo ba ako? nawawala yung audio, mahina wifi', 'mag-update lang phone ko saglit'],
    news: [
      'nabasa mo ba yung balita tungkol sa sextortion scam? nire-record nila sa video tapos nananakot na ipapadala sa pamilya',
      'yung pinsan ko may nag-message na fake account, pinapa-install siya ng app para daw sa audio, blinock niya agad',
    ],
    bios: ['Kape, beach at basketball', 'Nurse sa Makati', 'Chill lang, looking for friends', 'Foodie 🍜'],
  },
};
