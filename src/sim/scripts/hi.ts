// Hindi scripts in Devanagari (`hi`) and in the Latin spelling people type in chats (`hi-Latn`),
// written for this simulator. Scam lines are suggestive, never explicit.
import type { LanguageScript } from './types.ts';

const shared = {
  country: 'IN',
  personaNames: ['Priya', 'Ananya 💕', 'Neha', 'Riya', 'Pooja'],
  personaBios: ['Nursing student 🌸 serious relationship chahiye', 'Naye sheher mein hoon, baat karo!', 'Chai, travel aur lambi baatein'],
  peopleNames: ['Rahul', 'Amit', 'Rohit', 'Vikram', 'Arjun', 'Sneha', 'Karan', 'Aditya'],
  messengers: ['whatsapp', 'skype', 'telegram'] as LanguageScript['messengers'],
  payments: ['btc', 'gift_card', 'western_union'] as LanguageScript['payments'],
  currency: { code: 'INR', symbol: '₹', amounts: [10000, 25000, 50000] },
  payApps: ['PhonePe', 'Google Pay', 'Paytm'],
};

export const hi: LanguageScript = {
  ...shared,
  lang: 'hi',
  scam: {
    openers: ['नमस्ते, आपकी प्रोफ़ाइल देखी, आपकी मुस्कान बहुत अच्छी है 😊 आपका दिन कैसा रहा?', 'हाय, क्या हम दोस्ती कर सकते हैं? आप कहाँ रहते हो?', 'हेलो 👋 मैं यहाँ नई हूँ, आप अच्छे लगते हो, बात करें?'],
    victimGreetings: ['नमस्ते, दिन अच्छा था, आपका?', 'हाय, मैं दिल्ली में हूँ', 'हाँ ज़रूर'],
    flirting: ['मैं अभी बिस्तर पर लेटी हूँ, किसी से बात करने का मन था 😘', 'आपकी गर्लफ्रेंड है? उम्मीद है नहीं', 'मुझे आप जैसे समझदार लड़के पसंद हैं', 'आपसे बात करके दिल धड़कने लगा'],
    victimFlirting: ['नहीं, कोई गर्लफ्रेंड नहीं', 'हाहा आप तो बहुत बोल्ड हो', 'मुझे भी आपसे बात करना अच्छा लग रहा है'],
    escalation: ['मैं आपको कैमरे पर देखना चाहती हूँ, मेरे लिए शर्ट उतारो 😘', 'अपनी बॉडी दिखाओ ना, मैं भी दिखाऊँगी', 'वीडियो कॉल पर कुछ मज़ेदार करते हैं, सिर्फ हम दोनों 😈 धीरे धीरे कपड़े उतारो'],
    victimHesitant: ['हम अभी अभी मिले हैं', 'सच में? 😳', 'ठीक है पर पहले आप'],
    offplatform: ['यहाँ प्राइवेसी नहीं है, मुझे {app} पर ऐड करो: {handle}', '{app} पर चलते हैं, वहाँ ज़्यादा सेफ है {handle}', 'मुझे {app} पर मैसेज करो 👉 {handle} फिर वीडियो कॉल करेंगे'],
    victimAgrees: ['ऐड कर दिया', 'रिक्वेस्ट भेज दी', 'आप कौन सी हो?'],
    appLureLink: ['आपकी आवाज़ नहीं आ रही, ऑडियो में प्रॉब्लम है। ये ऐप इंस्टॉल करो ठीक हो जाएगा: {link}', 'आपका साउंड खराब है 😩 पहले ये प्लगइन डाउनलोड करो {link} फिर कॉल करो'],
    appLureAttachment: ['आपकी तरफ ऑडियो खराब है, जो ऐप भेजा है वो इंस्टॉल करो फिर दोबारा कोशिश करते हैं'],
    threat: ['ये वीडियो देखो। मैंने सब रिकॉर्ड किया है। तुम्हारे सारे कॉन्टैक्ट्स मेरे पास हैं, मैं ये तुम्हारे परिवार और दोस्तों को भेज दूँगी', 'बात नहीं मानी तो वीडियो YouTube पर डाल दूँगी और सब कॉन्टैक्ट्स को भेज दूँगी', 'तुम्हारी माँ और बॉस 10 मिनट में ये वीडियो देखेंगे'],
    payment: ['डिलीट करवाना है तो अभी {amount} भेजो। {payment}', '{payment} पर {amount} भेजो तो वीडियो डिलीट कर दूँगी। 30 मिनट हैं', 'अभी पैसे ट्रांसफर करो: {payment}। {amount} वरना पोस्ट कर दूँगी'],
    victimPleads: ['प्लीज़ ऐसा मत करो', 'मेरे पास इतने पैसे नहीं हैं', 'ठीक है रुको', 'प्लीज़ डिलीट कर दो'],
    reportTexts: ['वीडियो कॉल रिकॉर्ड करके धमकी दे रहे हैं कि पैसे नहीं दिए तो परिवार को भेज देंगे', 'फर्जी प्रोफ़ाइल है, ऐप इंस्टॉल करवाया और अब पैसे माँग रहे हैं'],
    paymentReportTexts: ['डर के मारे पैसे भेज दिए', 'पैसे भेजे फिर भी और माँग रहे हैं'],
  },
  ordinary: {
    greetings: ['वीकेंड कैसा रहा?', 'बहुत दिन हो गए!', 'उठ गए?', 'क्या चल रहा है?'],
    smallTalk: ['आज ऑफिस में बहुत काम था', 'नया सीज़न देखा? स्पॉइलर मत देना', 'बिल्ली ने फिर चाय गिरा दी हाहा', 'कल चाट खाने चलें?', 'बहुत बारिश हो रही है'],
    replies: ['हाहा सेम', 'सच में?', 'चलो ठीक है', 'थक गए होगे', 'शेड्यूल देखकर बताता हूँ'],
    videoCall: ['बाद में वीडियो कॉल करें? नया फ्लैट दिखाता हूँ', 'रात 8 बजे वीडियो कॉल करना, मम्मी भी बात करना चाहती हैं', 'फ्री हो तो वीडियो कॉल कर लो'],
    money: ['डिनर के {amount} {pay_app} से भेज रहा हूँ', '{pay_app} मिला? टिकट के {amount} थे', 'सैलरी आते ही {amount} लौटा दूँगा'],
    tech: ['मेरा माइक खराब है, ऐप रीस्टार्ट करके कॉल करता हूँ', 'आवाज़ आ रही है? वाईफाई की वजह से कट रहा है', 'फ़ोन अपडेट हो रहा है, 5 मिनट'],
    news: ['सेक्सटॉर्शन स्कैम की खबर पढ़ी? वीडियो कॉल रिकॉर्ड करके परिवार को भेजने की धमकी देते हैं', 'मेरे भाई को एक फर्जी प्रोफ़ाइल ने ऑडियो ऐप इंस्टॉल करने को कहा, उसने तुरंत ब्लॉक कर दिया'],
    bios: ['क्रिकेट और चाय', 'सॉफ्टवेयर इंजीनियर', 'दोस्त बनाने आया हूँ', 'संगीत प्रेमी 🎧'],
  },
};

export const hiLatn: LanguageScript = {
  ...shared,
  lang: 'hi-Latn',
  scam: {
    openers: ['Hii handsome, aapki profile dekhi, smile bahut cute hai 😊 aaj ka din kaisa raha?', 'Hello ji, dosti karoge? Kahan se ho aap?', 'Hey 👋 main yahan new hoon, aap ache lagte ho, baat karein?'],
    victimGreetings: ['hello, din accha tha, aapka?', 'hi, main Mumbai se hoon', 'haan zaroor'],
    flirting: ['Main abhi bed pe leti hoon, kisi se baat karne ka mann tha 😘', 'Aapki girlfriend hai? umeed hai nahi hehe', 'Mujhe mature ladke pasand hain', 'Aapse baat karke dil dhadak raha hai'],
    victimFlirting: ['nahi koi girlfriend nahi', 'haha aap toh bold ho', 'mujhe bhi accha lag raha hai'],
    escalation: ['Cam pe dekhna hai aapko, mere liye shirt utaro 😘', 'Apni body dikhao na baby, main bhi dikhaungi', 'Video call pe kuch fun karte hain sirf hum dono 😈 dheere dheere kapde utaro'],
    victimHesitant: ['hum abhi mile hain', 'sach mein? 😳', 'theek hai par pehle aap'],
    offplatform: ['Yahan privacy nahi hai, mujhe {app} pe add karo: {handle}', '{app} pe chalo baby, wahan safe hai {handle}', '{app} pe message karo 👉 {handle} phir video call karenge'],
    victimAgrees: ['add kar diya', 'request bhej di', 'aap kaunsi ho?'],
    appLureLink: ['Baby aapki awaaz nahi aa rahi, audio problem hai. Ye app install karo theek ho jayega: {link}', 'Aapka sound kharab hai 😩 pehle ye plugin download karo {link} phir call karo'],
    appLureAttachment: ['Audio problem hai aapki side, jo app bheja hai install karo phir try karte hain'],
    threat: ['Ye video dekho. Maine sab record kiya hai. Tumhare saare contacts mere paas hain, ye video tumhari family aur friends ko bhej dungi', 'Baat nahi maani toh video YouTube pe daal dungi aur saare contacts ko bhej dungi', 'Tumhari mummy aur boss 10 minute mein ye video dekhenge'],
    payment: ['Delete karwana hai toh abhi {amount} bhejo. {payment}', '{payment} pe {amount} bhejo, video delete kar dungi. 30 minute hain', 'Abhi paise transfer karo: {payment}. {amount} warna post kar dungi'],
    victimPleads: ['please aisa mat karo', 'mere paas itne paise nahi hain', 'theek hai ruko', 'please delete kar do'],
    reportTexts: ['Video call record karke dhamki de rahe hain ki paise nahi diye toh family ko bhej denge', 'Fake profile hai, app install karwaya aur ab paise maang rahe hain'],
    paymentReportTexts: ['Darr ke maare paise bhej diye', 'paise bheje phir bhi aur maang rahe hain'],
  },
  ordinary: {
    greetings: ['weekend kaisa raha?', 'bahut din ho gaye yaar!', 'utth gaye?', 'kya chal raha hai?'],
    smallTalk: ['aaj office mein bahut kaam tha', 'naya season dekha? spoiler mat dena', 'billi ne phir chai gira di haha', 'kal chaat khane chalein?', 'bahut baarish ho rahi hai'],
    replies: ['haha same', 'sach mein?', 'chalo theek hai', 'thak gaye hoge', 'schedule dekh ke batata hoon'],
    videoCall: ['baad mein video call karein? naya flat dikhata hoon', 'raat 8 baje video call karna, mummy bhi baat karna chahti hain', 'free ho toh video call kar lo'],
    money: ['dinner ke {amount} {pay_app} se bhej raha hoon', '{pay_app} mila? ticket ke {amount} the', 'salary aate hi {amount} lauta dunga'],
    tech: ['mera mic kharab hai, app restart karke call karta hoon', 'awaaz aa rahi hai? wifi ki wajah se cut ho raha hai', 'phone update ho raha hai, 5 minute'],
    news: ['sextortion scam ki news padhi? video call record karke family ko bhejne ki dhamki dete hain', 'mere bhai ko ek fake profile ne audio app install karne ko bola, usne turant block kar diya'],
    bios: ['Cricket aur chai', 'Software engineer', 'Dost banane aaya hoon', 'Music lover 🎧'],
  },
};
