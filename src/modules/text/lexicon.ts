// Multilingual cue phrases per stage. A hit is a feature of the linear model (which learns how much it counts,
// so a genuine "video call" invite does not fire on its own) and the evidence span shown to a moderator.
// Patterns run on the `latin` view (obfuscation undone, lower-cased); CJK, Thai and Devanagari pass through it
// unchanged. Stems rather than whole words keep each language to one line.
import type { TextLabel } from '../../core/signals.ts';
import { forEachMatch } from './regex.ts';
import { ACT_CUES } from './lexicon-acts.ts';
import { registerLatinPatterns } from './latin-patterns.ts';

export interface Cue {
  label: TextLabel;
  /** Stable feature name, e.g. `offplatform.apps`. */
  name: string;
  pattern: RegExp;
  /** Decides the label on its own (act phrasings with no ordinary reading; see lexicon-acts.ts). */
  strong?: boolean;
}

const APPS = String.raw`skype|telegram|whatsapp|whats app|wa\.me|t\.me|line\.me|kakao\s?talk|kakao|katalk|wechat|weixin|snapchat|signal|viber|imo|카톡|카카오톡|텔레그램|라인|スカイプ|ライン|テレグラム|カカオ|微信|电报|飞机|ไลน์|เทเลแกรม|टेलीग्राम|व्हाट्सएप|स्काइप`;

/** Spaces in a cue are optional: collapsed s p a c i n g glues neighbouring words together. */
function cue(label: TextLabel, name: string, source: string): Cue {
  return { label, name: `${label}.${name}`, pattern: new RegExp(source.replaceAll(' ', ' ?'), 'gu') };
}

/** Intimate material, in each language: the object of a threat. */
const MATERIAL = String.raw`video|vid|clip|recording|pics|photos|nudes|videos?|vidéo|vídeo|영상|동영상|사진|動画|写真|视频|照片|คลิป|รูป|वीडियो|फ़ोटो|फोटो|rakaman|gambar|ảnh|grabación|grabaciones|fotos?|enregistrement|rekaman|video mo|녹화|録画|录像|视频|वीडियो|रिकॉर्डिंग|recording`;
/** Who the threat names as audience: contacts, family, employer, school, social media. */
const AUDIENCE = String.raw`family|friends|followers|contacts|classmates|coworkers|everyone|school|boss|parents|mom|dad|facebook|instagram|tiktok|youtube|pamilya|kaibigan|keluarga|teman|kawan|familia|amigos|seguidores|famille|amis|potes|abonnés|gia đình|bạn bè|cả lớp|parivaar|dosto|가족|친구|부모님|학교|회사|家族|友達|学校|両親|家人|朋友|同学|父母|ครอบครัว|เพื่อน|परिवार|दोस्त|माता-पिता|sister|brother|wife|girlfriend|relatives|colleagues|employer|contact list|mamá|papá|jefe|padres|hermanas?|hermanos?|novia|compañeros|contactos|parents|mère|père|patron|collègues|copine|contacts|कॉन्टैक्ट्स?|रिश्तेदार|बॉस|मम्मी|पापा|rishtedaar|mummy|papa|kontak|ortu|orang tua|pacar|bos|kantor|연락처|지인|회사 사람|엄마|아빠|여자친구|단톡|連絡先|会社|親|同僚|知り合い|通讯录|联系人|同事|老板|亲戚|nanay|tatay|amo mo|katrabaho|bố mẹ|sếp|đồng nghiệp|danh bạ|พ่อแม่|หัวหน้า|ที่ทำงาน`;

export const CUES: Cue[] = [
  cue('offplatform', 'apps', APPS),
  cue('offplatform', 'move', String.raw`add me|message me|text me|find me|contact me|talk (?:better|there)|move to|let'?s (?:move|continue|go)|switch to|add mo|chat mo|lipat tayo|add aku|chat aku|pindah ke|hubungi aku|add saya|mesej saya|jom pindah|ajoute-moi|écris-moi|on passe sur|contacte-moi|agrégame|escríbeme|pasemos a|háblame|kết bạn|nhắn .{0,10}cho mình|qua .{0,12} đi|liên lạc qua|ऐड करो|मैसेज करो|पर चलो|add karo|message karo|pe chalo|추가해|연락 주|옮겨서|넘어와|追加して|連絡して|移って|加我|换到|แอด|ทัก|ย้ายไป`),
  cue('offplatform', 'app_call', String.raw`(?:${APPS}|\bline\b).{0,24}(?:video ?call|video ?chat|call me|videollamada|appel vidéo|gọi video|वीडियो कॉल|영상통화|ビデオ通話|视频|วิดีโอคอล|cam)|(?:video ?call|videollamada|appel vidéo|gọi video|วิดีโอคอล).{0,12}(?:sa|di|kat|en|sur|on|qua|pe|ใน) (?:${APPS})`),
  cue('offplatform', 'private', String.raw`more private|mas private|lebih aman|plus privé|más privado|더 편해|安全だよ|不安全|account .{0,20}(?:expire|band)|mag expire|akaun saya .{0,10}tamat|sắp hết hạn|va caducar|va expirer|정지돼|消える|快被封|หมดอายุ|बंद होने`),
  cue('app_lure', 'install', String.raw`install|download|new version|bájate|i-?download|muat turun|pasang|get this app|instala|descarga|installe|télécharge|cài|tải|इंस्टॉल|डाउनलोड|daal lo|설치|다운받|インストール|ダウンロード|入れ|安装|下载|装这个|ติดตั้ง|ดาวน์โหลด|ลงแอพ|\.apk|instálala|instálate|installez|l'appli|install karo|install kar lo|설치해|설치하고|깔아|インストールして|入れて|安装一下|下载一下|装一下|unduh|instal\b|pasang aplikasi|i-?install mo|इंस्टॉल कर`),
  cue('app_lure', 'pretext', String.raw`no sound|no audio|frozen|not working|choppy|laggy|cutting out|putol|putus-putus|terputus|tersekat|giật|ngắt quãng|se corta|entrecorta|coupe|atak|टूट|अटक|끊겨|途切れ|卡了|断断续续|กระตุก|ขาดๆหายๆ|can'?t hear|mic\b|microphone|audio|sound problem|(?:sound|audio|voice) (?:is |was )?(?:bad|off|weird|gone|terrible)|bad (?:sound|audio)|broken|walang sound|hindi kita marinig|nag loloko|suaranya|nggak bisa dengar|tak ada bunyi|tak dengar|no hay sonido|no te escucho|pas de son|je ne t'entends|son ne marche|không có tiếng|không nghe|âm thanh|आवाज़|माइक|awaaz|소리가 안|마이크|음성이|聞こえない|マイク|音が出ない|听不到|没有声音|没声音|麦克风|ไม่มีเสียง|ไมค์|เสียงเสีย|le son ne passe|n'entends rien|j'entends rien|audio falla|falla el (?:audio|sonido)|no se escucha|no se oye|suara(?:nya)? (?:hilang|rusak|bermasalah|gak ada)|bermasalah|may problema|walang audio|소리가 ?안|소리 ?문제|音声が|音が聞こえ|声が聞こえ|声音有问题|音频有问题|आवाज़ नहीं|ऑडियो|awaaz nahi|audio problem|voice (?:keeps|is) (?:breaking|cutting)|mất tiếng|tiếng bị|เสียงไม่|plugin|complemento|plug-?in|update|actualización|mise à jour|cập nhật|अपडेट|업데이트|アップデート|更新|อัปเดต`),
  cue('escalation', 'undress', String.raw`take (?:off|everything)|undress|naked|get naked|remove your clothes|touch yourself|show me (?:more|yours)|hubad|hubarin|tanggalin mo damit|buka baju|buka celana|lepas semua|tanggal semua|buka seluar|quítate|desnúdate|enséñame más|enlève|déshabille|cởi|उतारो|उतार दो|utaro|utaar|벗어|옷 벗|脱いで|脱了|脱光|ถอด|nude|bugil|bogel|baba mo pa|camera (?:down|lower)|go lower|कैमरा नीचे|camera neeche|카메라 .{0,6}내려|カメラを下|摄像头往下|กล้องลง|hạ camera|baisse la caméra|baja la cámara|arahkan kameranya ke bawah|halakan kamera|(?:see|show me) (?:your|ur) body|show (?:me )?some skin|(?:lose|drop) the (?:shirt|top|hoodie|pants|towel)|without (?:anything|clothes|your clothes)|nothing on|\bstrip(?:\b|ped)|몸 ?.{0,3}보여|몸매 보여|옷 ?다|속옷|体を?見せ|裸|服.{0,3}脱|下着|脱掉|脱下|衣服.{0,4}脱|看.{0,4}你的?身体|身材|撩起|体のライン|tunjuk(?:in|kan)? .{0,6}(?:badan|tubuh|dada)|lepas(?:in)? .{0,8}(?:kaos|baju|celana|bh)|telanjang|tunjuk badan|(?:enséñame|muéstrame) (?:tu cuerpo|todo)|sin ropa|montre(?:-| )moi ton corps|montre(?:-| )moi (?:tout|plus)|retire (?:ton|ta|tes)|tout nue?|à poil|बॉडी दिखा|शरीर दिखा|कपड़े उतार|नंगा|नंगी|body dikha|badan dikha|kapde utaa?r|nanga|nangi|ipakita mo (?:ang )?katawan|katawan mo|cho (?:anh|em) xem (?:người|hết)|khỏa thân|โชว์หุ่น|ขอดูหุ่น|แก้ผ้า`),
  cue('threat', 'share', String.raw`(?:send|post|upload|share|leak)\w* .{0,40}(?:video|recording|pics?|photos?)|(?:video|recording)\w* .{0,40}(?:goes?|to|viral)|ipapadala ko|i-post ko|ise-send ko|ipapakita ko|aku kirim|aku sebar|saya hantar|saya sebarkan|le mando|subo tu video|le llega|j'envoie la vidéo|je publie|gửi clip|đăng clip|भेज दूँगा|डालकर|bhej dunga|daal ke|뿌린다|퍼뜨린다|보낸다|영상 올리고|に動画を送る|拡散する|ばらまく|発给|发给|发到网上|ส่งคลิป|โพสต์คลิป|will (?:all )?see (?:this|it|the (?:video|clip|recording))|(?:verán|van a ver|va a ver) (?:esta|este|el|la|tu)|lo (?:voy a )?(?:publico|subo|mando|envío)|vont (?:voir|recevoir)|verront|je (?:vais )?(?:l'envoyer|la publier|le publier|balance)|डाल दूँग[ाी]|भेज दूँग[ाी]|वायरल कर|अपलोड कर|bhej dung[ai]|daal dung[ai]|viral kar|upload kar|올린다|올릴게|유포|뿌릴|晒出|公开|発信する|ばらす|晒到|ipo-?post ko|ikakalat ko|sebar(?:kan)? ke|kirim ke semua|tung lên|phát tán`),
  cue('threat', 'audience', String.raw`(?:${MATERIAL}).{0,40}(?:${AUDIENCE})|(?:${AUDIENCE}).{0,40}(?:${MATERIAL})`),
  cue('threat', 'leverage', String.raw`i recorded|i have your|ruin your life|recorded everything|na-?record ko|sisirain ko|udah rekam|hancurkan hidupmu|dah rakam|musnahkan hidup|lo grabé|arruinar tu vida|j'ai tout enregistré|détruire ta vie|quay hết|hủy hoại|रिकॉर्ड कर लिया|बर्बाद कर|record kar liya|barbaad|녹화했어|인생 끝|録画した|人生終わら|录下来|毁了你|อัดไว้|ชีวิตคุณพัง|list of|listahan ng|contacts|kontak|contactos|danh bạ|연락처|連絡先|联系方式|รายชื่อ|नंबर हैं|number hain`),
  cue('payment', 'demand', String.raw`send \S+ (?:now|today)|\bpay\b|transfer|wire|magpadala|\bpadala|ipadala mo|bayaran|send mo|transfer\b|transfer karo|paise (?:transfer|bhej|daal)|kirim .{0,20}rekening|bank in|masukkan|bayar|manda\b|deposita|envía|paga\b|envoie|virement|paie\b|paies\b|payes\b|chuyển|trả|भेजो|डालो|bhejo|daalo|보내면|\d ?(?:원|만원|달러)? ?보내|돈 ?보내|보내라|송금해|입금|송금|払え|振り込|送金|转\S{0,3}(?:元|块|万|钱)|转到|打到|转.{0,8}过来|转钱|转账|打钱|汇款|汇|โอน|จ่าย|send (?:me )?(?:the )?money|pay (?:me|up|now)|money now|vire|envoie(?:-moi)? l'argent|payer|paye\b|transfiere|transfiéreme|págame|mándame|kirim (?:rp|uang|duit)|bayar sekarang|bhej do|paise bhejo|पैसे भेज|돈 보내|돈 입금|今すぐ払|振り込め|払って|支払って|送金して|振り込んで|送ったら|付\s?[$¥€]?\d|付钱|转\s?[$¥€]?\d|お金を送|打钱|给我转|付款`),
  cue('payment', 'rails', String.raw`gcash|maya|paypal|cash ?app|western union|moneygram|palawan|cebuana|remitly|bitcoin|btc|usdt|crypto|gift ?card|steam|google play|itunes|bca|bri|mandiri|dana\b|ovo|maybank|touch n go|duitnow|bbva|tarjeta de regalo|carte cadeau|iban|vietcombank|momo|paytm|upi|पेटीएम|यूपीआई|बिटकॉइन|एसबीआई|sbi|계좌|문화상품권|비트코인|口座|銀行|ギフトカード|ビットコイン|支付宝|银行卡|比特币|บัญชี|พร้อมเพย์|บิตคอยน์|กสิกร|\$\d|\d\s?(?:usd|php|pesos?|dollars?|euros?|€|円|万円|元|美金|人民币|块|원|만원|바트|บาท|juta|rupiah|rm|ringgit|triệu|đồng|đô|rupaye|rupees?|रुपये|hazaar|हज़ार)|[$₱₩¥€£₹฿] ?\d|\brp ?\d|us\$|\binr\b|google pay|gpay|phonepe|razer|電子マネー|amazon ?gift|apple ?card`),
];

for (const act of ACT_CUES) CUES.push({ ...cue(act.label, act.name, act.source), ...(act.strong ? { strong: true } : {}) });

export interface CueHit {
  cue: Cue;
  start: number;
  end: number;
}

/** The cue regexes, run with only the alternatives whose words occur in the text (latin-patterns.ts). */
const CUE_PATTERNS = registerLatinPatterns(CUES.map((c) => c.pattern));

/** All cue hits in a view's text, as ranges of that view. */
export function findCues(text: string): CueHit[] {
  // CUES is complete once this module has loaded; a cue added later still runs, whole.
  CUE_PATTERNS.scan(text);
  const hits: CueHit[] = [];
  for (let i = 0; i < CUES.length; i++) {
    const pattern = i < CUE_PATTERNS.size ? CUE_PATTERNS.runnable(i) : CUES[i].pattern;
    if (pattern === null) continue;
    const c = CUES[i];
    forEachMatch(pattern, text, (match) => {
      if (match[0].length > 0) hits.push({ cue: c, start: match.index, end: match.index + match[0].length });
    });
  }
  return hits;
}
